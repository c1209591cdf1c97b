import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, type Message } from '@/api'
import { Toaster } from '@/components/ui/toast'
import { MessageItem } from './MessageItem'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

function msg(over: Partial<Message> = {}): Message {
  return {
    id: 'a1', chatId: 'c', parentId: 'u1', role: 'assistant', kind: 'text', toolName: '', toolServer: '', toolCallId: '', notes: [], content: 'Hello', thinking: '',
    modelRef: 'openai:gpt-test', tokensIn: 12, tokensOut: 3, tokensEstimated: false, status: 'complete', error: '',
    finishReason: 'stop', ttftMs: 120, tokensPerSec: 42.5, trimmed: 0, citations: [], attachments: [], authorId: 'u',
    createdAt: 1, updatedAt: 1, siblingIds: ['a1'], ...over,
  }
}

function setup(m: Message, extra: Partial<React.ComponentProps<typeof MessageItem>> = {}) {
  const props = {
    message: m, onRegenerate: vi.fn(), onEdit: vi.fn(async () => true), onSwitch: vi.fn(), onDelete: vi.fn(), onCite: vi.fn(),
    editing: false, setEditing: vi.fn(), ...extra,
  }
  render(<MessageItem {...props} />)
  return props
}

describe('MessageItem', () => {
  it('shows model, tokens, time to first token and speed', async () => {
    setup(msg())
    const meta = screen.getByTestId('message-meta')
    expect(meta).toHaveTextContent('gpt-test')
    expect(meta).toHaveTextContent('12 in · 3 out')
    expect(meta).toHaveTextContent('TTFT 120 ms')
    expect(meta).toHaveTextContent('42.5 tok/s')
    expect(await screen.findByText('Hello')).toBeInTheDocument()
  })

  it('names the provider a model was picked under when two list it', () => {
    setup(msg({ modelRef: 'ollama@gpu-box:llama3.2:3b' }))
    expect(screen.getByTestId('message-meta')).toHaveTextContent('llama3.2:3b (gpu-box)')
  })

  it('marks estimated token counts', () => {
    setup(msg({ tokensEstimated: true }))
    expect(screen.getByTestId('message-meta')).toHaveTextContent('(estimated)')
  })

  it('says stopped as soon as the stream does, before the stored message catches up', () => {
    const stream = { chatId: 'c', messageId: 'a1', text: 'Hello', thinking: '', seq: 3, status: 'stopped' as const }
    setup(msg({ status: 'streaming' }), { stream })
    expect(screen.getByTestId('message-meta')).toHaveTextContent('stopped')
  })

  it('shows the saved text, not the tail alone, while a reloaded window waits for the text before its deltas', async () => {
    const held = [{ chatId: 'c', messageId: 'a1', seq: 7, text: ' tail', thinking: '' }]
    const stream = { chatId: 'c', messageId: 'a1', text: '', thinking: '', seq: 7, status: 'streaming' as const, held }
    setup(msg({ status: 'streaming', content: 'Saved so far' }), { stream })
    expect(await screen.findByText('Saved so far')).toBeInTheDocument()
  })

  it('says when an answer was cut off at the token limit or by a content filter', () => {
    setup(msg({ finishReason: 'length' }))
    expect(screen.getByTestId('message-meta')).toHaveTextContent('cut off at the token limit')
  })

  it('says cut off as soon as the stream ends, before the stored message catches up', () => {
    const stream = { chatId: 'c', messageId: 'a1', text: 'Hello', thinking: '', seq: 3, status: 'done' as const, finishReason: 'content_filter' }
    setup(msg({ status: 'streaming', finishReason: '' }), { stream })
    expect(screen.getByTestId('message-meta')).toHaveTextContent("stopped by the provider's content filter")
  })

  it('shows a provider error in place with Retry, keeping partial text', async () => {
    const p = setup(msg({ status: 'error', error: 'rate limited: retry in 20 s', content: 'partial' }))
    expect(screen.getByRole('alert')).toHaveTextContent('rate limited: retry in 20 s')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(p.onRegenerate).toHaveBeenCalledWith('a1')
  })

  it('moves between alternatives', async () => {
    const p = setup(msg({ id: 'a2', siblingIds: ['a1', 'a2', 'a3'] }))
    expect(screen.getByTestId('alternative-index')).toHaveTextContent('2/3')
    await userEvent.click(screen.getByRole('button', { name: 'Previous alternative' }))
    expect(p.onSwitch).toHaveBeenCalledWith('a1')
    await userEvent.click(screen.getByRole('button', { name: 'Next alternative' }))
    expect(p.onSwitch).toHaveBeenCalledWith('a3')
  })

  it('shows thinking open while it streams, then collapsible beside the streamed answer', async () => {
    const { rerender } = render(<div />)
    const base = { onRegenerate: vi.fn(), onEdit: vi.fn(async () => true), onSwitch: vi.fn(), onDelete: vi.fn(), onCite: vi.fn(), editing: false, setEditing: vi.fn() }
    rerender(
      <MessageItem {...base} message={msg({ status: 'streaming', content: '' })}
        stream={{ chatId: 'c', messageId: 'a1', text: '', thinking: 'pondering', seq: 1, status: 'streaming' }} />,
    )
    expect(screen.getByTestId('thinking')).toHaveTextContent('pondering')
    expect(screen.getByRole('button', { name: /Thinking…/ })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull()
    // A long reasoning can be folded while it is still being written, and opened again.
    await userEvent.click(screen.getByRole('button', { name: /Thinking…/ }))
    expect(screen.queryByTestId('thinking')).toBeNull()
    expect(screen.getByRole('button', { name: /Thinking…/ })).toHaveAttribute('aria-expanded', 'false')
    await userEvent.click(screen.getByRole('button', { name: /Thinking…/ }))
    rerender(
      <MessageItem {...base} message={msg({ status: 'streaming', content: '' })}
        stream={{ chatId: 'c', messageId: 'a1', text: 'Streaming now', thinking: 'pondering', seq: 2, status: 'streaming' }} />,
    )
    // Still open once the answer streams; the reader can fold it away.
    expect(screen.getByTestId('thinking')).toHaveTextContent('pondering')
    await userEvent.click(screen.getByRole('button', { name: /Thinking/ }))
    expect(screen.queryByTestId('thinking')).toBeNull()
  })

  it('does not save an edit on the Enter that picks an input method candidate', () => {
    const p = setup(msg({ id: 'u1', role: 'user', content: 'draft' }), { editing: true })
    const box = screen.getByRole('textbox', { name: 'Edit message' })
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 })
    expect(p.onEdit).not.toHaveBeenCalled()
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 })
    expect(p.onEdit).toHaveBeenCalledWith('u1', 'draft')
  })

  it('opens a link of an answer in the system browser, and leaves script links and raw HTML inert', async () => {
    const content = [
      'See [the docs](https://example.com/docs) or [mail](mailto:a@example.com).',
      '',
      'Also [click](javascript:alert(1)) and [file](file:///etc/passwd).',
      '',
      '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">raw</a><script>alert(3)</script>',
    ].join('\n')
    setup(msg({ content }))
    await userEvent.click(await screen.findByRole('link', { name: 'the docs' }))
    expect(appApi.openLink).toHaveBeenCalledWith('https://example.com/docs')
    await userEvent.click(screen.getByRole('link', { name: 'mail' }))
    expect(appApi.openLink).toHaveBeenLastCalledWith('mailto:a@example.com')
    vi.mocked(appApi.openLink).mockClear()
    for (const name of ['click', 'file']) {
      const a = screen.getByText(name)
      expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i)
      const ev = new MouseEvent('click', { bubbles: true, cancelable: true })
      a.dispatchEvent(ev)
      expect(ev.defaultPrevented).toBe(true) // the webview does not follow it either
    }
    expect(appApi.openLink).not.toHaveBeenCalled()
    // Model output is text: no element of its raw HTML is made.
    const answer = screen.getByRole('article')
    expect(answer.querySelector('img, script, [onerror]')).toBeNull()
    expect(screen.queryByRole('link', { name: 'raw' })).toBeNull()
  })

  it('holds back edit, regenerate, delete, retry and alternatives while another answer of the chat is being written, saying why', async () => {
    const q = setup(msg({ id: 'u1', role: 'user', content: 'question', siblingIds: ['u0', 'u1'] }), { locked: true })
    for (const name of ['Edit message', 'Delete message', 'Previous alternative']) expect(screen.getByRole('button', { name })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Edit message' })).toHaveAttribute('title', expect.stringMatching(/wait for it, or stop it/))
    expect(screen.getByRole('button', { name: 'Copy message' })).toBeEnabled()
    await userEvent.click(screen.getByRole('button', { name: 'Edit message' }))
    expect(q.setEditing).not.toHaveBeenCalled()
    const a = setup(msg({ id: 'a9', status: 'error', error: 'offline' }), { locked: true })
    for (const name of ['Regenerate', 'Retry']) expect(screen.getByRole('button', { name })).toBeDisabled()
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(a.onRegenerate).not.toHaveBeenCalled()
  })

  it('asks before deleting', async () => {
    const p = setup(msg())
    await userEvent.click(screen.getByRole('button', { name: 'Delete message' }))
    expect(p.onDelete).not.toHaveBeenCalled()
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }))
    expect(p.onDelete).toHaveBeenCalledWith('a1')
  })

  it('shows imported tool traffic collapsed', async () => {
    setup(msg({ kind: 'tool_call', toolName: 'python', content: 'print(1)' }))
    expect(screen.queryByText('print(1)')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: /python/ }))
    expect(screen.getByText('print(1)')).toBeInTheDocument()
  })

  it('lets right-to-left text run right to left, in questions, answers and the edit box', async () => {
    const hebrew = 'שלום, מה שלומך?'
    setup(msg({ role: 'user', content: hebrew }))
    expect(screen.getByText(hebrew)).toHaveAttribute('dir', 'auto')
    const arabic = 'مرحبا بالعالم'
    setup(msg({ id: 'a2', content: arabic }))
    expect((await screen.findByText(arabic)).closest('[dir]')).toHaveAttribute('dir', 'auto')
    setup(msg({ id: 'u3', role: 'user', content: hebrew }), { editing: true })
    expect(screen.getByRole('textbox', { name: 'Edit message' })).toHaveAttribute('dir', 'auto')
  })

  it('wraps a question with no spaces (a pasted URL or key) inside its bubble', () => {
    const long = 'https://example.com/' + 'a'.repeat(400)
    setup(msg({ role: 'user', content: long }))
    // Whitespace wrapping alone breaks only at spaces: the bubble must also break words.
    expect(screen.getByText(long)).toHaveClass('wrap-anywhere')
  })

  it('says when a message was copied, and why when it could not be', async () => {
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    setup(msg({ content: 'Copy me' }))
    await userEvent.click(screen.getByRole('button', { name: 'Copy message' }))
    expect(writeText).toHaveBeenCalledWith('Copy me')
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument()

    writeText.mockRejectedValueOnce(new Error('clipboard access denied'))
    render(<Toaster />)
    setup(msg({ id: 'a2', content: 'Again' }))
    await userEvent.click(screen.getAllByRole('button', { name: 'Copy message' }).at(-1)!)
    expect(await screen.findByText(/Could not copy: clipboard access denied/)).toBeInTheDocument()
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })
  })

  it('shows the sources while the answer is written, and fades the uncited ones when it ends', async () => {
    const citations = [
      { n: 1, documentId: 'd1', documentName: 'apache-2.0.pdf', page: 2, chunkId: 7, text: 'notices', score: 0.9, cited: false },
      { n: 2, documentId: 'd2', documentName: 'mpl-2.0.txt', page: 0, chunkId: 9, text: 'covered', score: 0.5, cited: false },
    ]
    const stream = { chatId: 'c', messageId: 'a1', text: 'Mark the files', thinking: '', seq: 2, status: 'streaming' as const }
    const props = setup(msg({ status: 'streaming', content: '', citations }), { stream })
    const chip = screen.getByRole('button', { name: 'Source 1: apache-2.0.pdf' })
    expect(chip).not.toHaveClass('opacity-70')
    await userEvent.click(chip)
    expect(props.onCite).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }), 1)

    const done = [{ ...citations[0], cited: true }, citations[1]]
    render(<MessageItem {...props} message={msg({ citations: done })} stream={undefined} />)
    expect(screen.getAllByRole('button', { name: 'Source 2: mpl-2.0.txt' }).at(-1)).toHaveClass('opacity-70')
    expect(screen.getAllByRole('button', { name: 'Source 1: apache-2.0.pdf' }).at(-1)).not.toHaveClass('opacity-70')
  })
})
