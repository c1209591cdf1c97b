import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Message } from '@/api'
import { initialOffset, MessageList } from './MessageList'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

// Every message is drawn, so none need markdown here.
function msg(i: number): Message {
  return {
    id: `m${i}`, chatId: 'c', parentId: i ? `m${i - 1}` : '', role: 'user', kind: 'text', toolName: '', toolServer: '', toolCallId: '', notes: [], content: `message ${i}`,
    thinking: '', modelRef: '', tokensIn: 0, tokensOut: 0, tokensEstimated: false, status: 'complete', error: '', finishReason: '',
    ttftMs: 0, tokensPerSec: 0, trimmed: 0, citations: [], attachments: [], authorId: 'u', createdAt: i, updatedAt: i, siblingIds: [`m${i}`],
  }
}

// jsdom lays nothing out: the list is 600 px high, each message 200 px.
const VIEW = 600
const ITEM = 200
const saved: Record<string, PropertyDescriptor | undefined> = {}
beforeAll(() => {
  for (const k of ['clientHeight', 'offsetHeight', 'scrollHeight', 'scrollTop']) saved[k] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)
  const list = (el: HTMLElement) => el.dataset.testid === 'message-list'
  const top = new WeakMap<HTMLElement, number>()
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return list(this) ? VIEW : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get() { return this.dataset.index !== undefined ? ITEM : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get() { return list(this) ? parseFloat((this.firstElementChild as HTMLElement | null)?.style.height || '0') : 0 },
  })
  // As in a browser, the scroll position stays within the content.
  Object.defineProperty(HTMLElement.prototype, 'scrollTop', {
    configurable: true,
    get() { return top.get(this) ?? 0 },
    set(v: number) { top.set(this, Math.max(0, Math.min(v, this.scrollHeight - this.clientHeight))) },
  })
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, o?: ScrollToOptions | number) {
    if (typeof o === 'object' && o.top !== undefined) this.scrollTop = o.top
  } as typeof HTMLElement.prototype.scrollTo
})
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d)
})

const noop = () => {}
type Extra = Partial<Pick<React.ComponentProps<typeof MessageList>, 'follow' | 'busy' | 'streams' | 'hasMore' | 'onLoadOlder'>>
const list = (messages: Message[], focusMessageId: string | null, x: Extra = {}) => (
  <MessageList
    chatId="c" messages={messages} hasMore={x.hasMore ?? false} streams={x.streams ?? {}} focusMessageId={focusMessageId} follow={x.follow ?? 0}
    editingId={null} busy={x.busy ?? false} setEditingId={noop} onLoadOlder={x.onLoadOlder ?? (async () => false)} onRegenerate={noop}
    onEdit={async () => true} onSwitch={noop} onDelete={noop} onCite={noop}
  />
)
const setup = (messages: Message[], focusMessageId: string | null = null) => render(list(messages, focusMessageId))

const shown = () => screen.queryAllByRole('article').map((a) => a.dataset.messageId)

describe('MessageList', () => {
  it('opens at the newest messages, drawing only those in view before the ones above', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    setup(messages)
    // The first render already holds the end of the chat: nothing from its
    // start is drawn and scrolled away.
    expect(shown()).toEqual(['m22', 'm23', 'm24'])
    const list = screen.getByTestId('message-list')
    expect(list.scrollTop).toBeGreaterThan(0)
    expect(list.scrollTop).toBe(list.scrollHeight - VIEW)
    // Once painted, the messages just above the view follow.
    await act(async () => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)))
    })
    expect(shown()).toEqual(['m19', 'm20', 'm21', 'm22', 'm23', 'm24'])
    expect(list.scrollTop).toBe(list.scrollHeight - VIEW)
  })

  it('opens a chat again with the sizes its messages had', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(100 + i)) // not shown before
    const first = setup(messages)
    await act(async () => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)))
    })
    expect(shown()).toEqual(['m119', 'm120', 'm121', 'm122', 'm123', 'm124'])
    first.unmount()
    setup(messages)
    // m119..m124 were measured (200 px), the rest are estimated (140 px).
    const list = screen.getByTestId('message-list')
    expect(list.scrollHeight).toBe(19 * 140 + 6 * ITEM)
    expect(shown()).toEqual(['m122', 'm123', 'm124'])
    expect(list.scrollTop).toBe(list.scrollHeight - VIEW)
  })

  it('opens at a search hit, and goes back to the newest message when the chat itself is opened', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    const { rerender } = setup(messages, 'm5')
    expect(shown()).toContain('m5')
    expect(shown()).not.toContain('m24')
    rerender(list(messages, null))
    // The scroll to the end is read back on the next scroll event.
    await act(async () => {
      screen.getByTestId('message-list').dispatchEvent(new Event('scroll'))
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)))
    })
    expect(shown()).toContain('m24')
    expect(shown()).not.toContain('m5')
  })
})

const painted = () =>
  act(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)))
  })
const scrollTo = (top: number) =>
  act(async () => {
    const el = screen.getByTestId('message-list')
    el.scrollTop = top
    el.dispatchEvent(new Event('scroll'))
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)))
  })

describe('MessageList: older messages', () => {
  it('asks again for an older page that did not come when the reader scrolls up again', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    const onLoadOlder = vi.fn(async () => false) // the page failed: the store said so and changed nothing
    render(list(messages, null, { hasMore: true, onLoadOlder }))
    await painted()
    await scrollTo(0)
    expect(onLoadOlder).toHaveBeenCalledTimes(1)
    await scrollTo(1000)
    await scrollTo(0)
    expect(onLoadOlder).toHaveBeenCalledTimes(2)
  })
})

describe('MessageList: an answer being written', () => {
  it("holds back the other messages' edit and delete", () => {
    render(list([msg(0), msg(1)], null, { busy: true }))
    const edits = screen.getAllByRole('button', { name: 'Edit message' })
    expect(edits).toHaveLength(2)
    for (const b of [...edits, ...screen.getAllByRole('button', { name: 'Delete message' })]) expect(b).toBeDisabled()
  })
})

describe('MessageList: the way back to the end', () => {
  it('offers Jump to latest once the reader scrolls up, and it takes them to the newest message', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    setup(messages)
    await painted()
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    await scrollTo(0)
    expect(shown()).not.toContain('m24')
    await userEvent.click(screen.getByRole('button', { name: 'Jump to latest' }))
    await scrollTo(screen.getByTestId('message-list').scrollTop) // the scroll event the jump causes
    expect(shown()).toContain('m24')
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
  })

  it('lets go of the end for a small scroll up while an answer streams, and follows again back at the end', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    const streams = (n: number) => ({ m24: { chatId: 'c', messageId: 'm24', text: 'x'.repeat(n), thinking: '', seq: n, status: 'streaming' as const } })
    const at = (n: number) => list(messages, null, { busy: true, streams: streams(n) })
    const { rerender } = render(at(1))
    await painted()
    const el = screen.getByTestId('message-list')
    const end = el.scrollHeight - VIEW
    await scrollTo(end) // settled at the end
    await scrollTo(end - 30) // a touchpad's few pixels
    rerender(at(2)) // the next delta
    expect(el.scrollTop).toBe(end - 30)
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeInTheDocument()
    await scrollTo(end - 10) // back down, near the end
    rerender(at(3))
    expect(el.scrollTop).toBe(end)
  })

  it('shows the message the user just sent even if they had scrolled up, and stays put for other new messages', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => msg(i))
    const { rerender } = setup(messages)
    await painted()
    await scrollTo(0)
    // A message from elsewhere (sync) does not move a reader who scrolled up.
    const synced = [...messages, msg(25)]
    rerender(list(synced, null))
    await painted()
    expect(shown()).not.toContain('m25')
    // Their own does.
    rerender(list([...synced, msg(26)], null, { follow: 1 }))
    await scrollTo(screen.getByTestId('message-list').scrollTop)
    expect(shown()).toContain('m26')
  })
})

describe('initialOffset', () => {
  it('starts a list at its end, or with a search hit in the middle of the view', () => {
    const sizes = Array.from({ length: 25 }, () => 140)
    expect(initialOffset(sizes, -1, 600)).toBe(25 * 140 - 600)
    expect(initialOffset([140, 140], -1, 600)).toBe(0)
    expect(initialOffset(sizes, -1, 0)).toBe(25 * 140) // view size unknown: past the end, where the list clamps it
    expect(initialOffset(sizes, 10, 600)).toBe(10 * 140 - (600 - 140) / 2)
    expect(initialOffset(sizes, 0, 600)).toBe(0)
    expect(initialOffset([100, 300, 50], 1, 200)).toBe(100 - (200 - 300) / 2)
  })
})
