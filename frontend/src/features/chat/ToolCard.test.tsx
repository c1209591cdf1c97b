import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, toolsApi, type Message } from '@/api'
import { useApprovals } from '@/features/tools/approvals'
import { resetToolServers } from '@/features/tools/store'
import { card, message, server } from '@/features/tools/testApi'
import { MessageItem } from './MessageItem'
import { toolRows } from './toolRows'

vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())

const call = (over: Partial<Message> = {}) =>
  message({ id: 'tc1', kind: 'tool_call', role: 'assistant', toolName: 'test__echo', toolCallId: 'call_1', content: '{"text":"hi"}', status: 'complete', ...over })
const output = (over: Partial<Message> = {}) =>
  message({ id: 'to1', kind: 'tool_output', role: 'tool', toolName: 'test__echo', toolCallId: 'call_1', content: 'hi', status: 'complete', ...over })

function item(m: Message, toolOutput?: Message) {
  const noop = vi.fn()
  return (
    <MessageItem message={m} toolOutput={toolOutput} onRegenerate={noop} onEdit={vi.fn(async () => true)} onSwitch={noop} onDelete={noop} onCite={noop} editing={false} setEditing={noop} />
  )
}

beforeEach(() => {
  useApprovals.setState({ cards: {} })
  resetToolServers()
})

describe('ToolCard', () => {
  it('shows a call and its result as one card: tool, server, pretty arguments, result', async () => {
    const user = userEvent.setup()
    render(item(call(), output()))
    const c = screen.getByRole('group', { name: 'Tool echo' })
    expect(c).toHaveAttribute('data-state', 'done')
    expect(c).toHaveTextContent('echofrom test')
    expect(within(c).getByTestId('tool-preview')).toHaveTextContent('hi')
    await user.click(within(c).getByRole('button', { expanded: false }))
    expect(within(c).getByTestId('tool-arguments').textContent).toBe('{\n  "text": "hi"\n}')
    expect(within(c).getByTestId('tool-result')).toHaveTextContent('hi')
  })

  it("names the server by its name, not by the model-safe prefix of the tool's name", async () => {
    vi.mocked(toolsApi.listServers).mockClear().mockResolvedValue([server({ id: 's2', name: 'web search (beta)', modelPrefix: 'web_search_beta' })])
    render(item(call({ toolName: 'web_search_beta__search' }), output({ toolName: 'web_search_beta__search' })))
    const c = screen.getByRole('group', { name: 'Tool search' })
    await waitFor(() => expect(c).toHaveTextContent('searchfrom web search (beta)'))
    expect(toolsApi.listServers).toHaveBeenCalledTimes(1)
  })

  it('names the server the call recorded, though no server of that name is configured now', async () => {
    vi.mocked(toolsApi.listServers).mockClear().mockResolvedValue([])
    render(item(call({ toolName: 'web_search__search', toolServer: 'Web search' }), output({ toolName: 'web_search__search', toolServer: 'Web search' })))
    const c = screen.getByRole('group', { name: 'Tool search' })
    expect(c).toHaveTextContent('searchfrom Web search')
    // The recorded name needs no look-up.
    expect(toolsApi.listServers).not.toHaveBeenCalled()
  })

  it('spins while the call runs, and says when it waits for approval', () => {
    const { rerender } = render(item(call({ status: 'streaming' })))
    const c = screen.getByRole('group', { name: 'Tool echo' })
    expect(c).toHaveAttribute('data-state', 'running')
    expect(within(c).getByLabelText('Running')).toBeInTheDocument()
    useApprovals.getState().add(card({ messageId: 'tc1' }))
    rerender(item(call({ status: 'streaming' })))
    expect(c).toHaveAttribute('data-state', 'waiting')
    expect(c).toHaveTextContent('Waiting for your approval')
  })

  it('says a call did not finish when BookBag stopped before its result (a crash, a kill)', () => {
    render(item(call({ status: 'interrupted' })))
    const c = screen.getByRole('group', { name: 'Tool echo' })
    expect(c).toHaveAttribute('data-state', 'ended')
    expect(c).toHaveTextContent('Did not finish')
  })

  it('shows a failed call in error style with the reason', async () => {
    const user = userEvent.setup()
    render(item(call({ status: 'error' }), output({ status: 'error', content: 'The user did not allow this call of echo.' })))
    const c = screen.getByRole('group', { name: 'Tool echo' })
    expect(c).toHaveAttribute('data-state', 'error')
    expect(c).toHaveTextContent('Failed')
    await user.click(within(c).getAllByRole('button')[0])
    expect(within(c).getByText('Error')).toBeInTheDocument()
    expect(within(c).getByTestId('tool-result')).toHaveTextContent('The user did not allow this call of echo.')
  })

  it('draws a megabyte result only in part until asked', async () => {
    const user = userEvent.setup()
    render(item(call(), output({ content: 'x'.repeat(1 << 20) })))
    await user.click(screen.getAllByRole('button')[0])
    expect(screen.getByTestId('tool-result').textContent).toHaveLength(20_000)
    await user.click(screen.getByRole('button', { name: /Show all 1,048,576 characters/ }))
    expect(screen.getByTestId('tool-result').textContent).toHaveLength(1 << 20)
  })

  it("shows a tool's images as thumbnails, folded or open", async () => {
    const user = userEvent.setup()
    vi.mocked(chatApi.attachment).mockResolvedValue({ mime: 'image/png', data: 'iVBORw0KGgo=' })
    const shot = { sha256: 'abc', name: 'browser__screenshot-1.png', mime: 'image/png', size: 8, width: 0, height: 0, missing: false }
    render(item(call(), output({ content: '[image: image/png, 8 bytes]', attachments: [shot] })))
    const img = await screen.findByRole('img', { name: 'browser__screenshot-1.png' })
    expect(img).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=')
    expect(chatApi.attachment).toHaveBeenCalledWith('abc')
    await user.click(screen.getAllByRole('button')[0])
    expect(within(screen.getByTestId('tool-images')).getByRole('img')).toBe(img)
  })

  it('shows no image row for a result without images', () => {
    render(item(call(), output()))
    expect(screen.queryByTestId('tool-images')).not.toBeInTheDocument()
  })

  it('shows an output whose call is not loaded on its own', () => {
    render(item(output()))
    expect(screen.getByRole('group', { name: 'Tool echo' })).toHaveAttribute('data-state', 'done')
  })
})

describe('toolRows', () => {
  it('folds each output into its call, in the order of the calls', () => {
    const q = message({ id: 'q', role: 'user' })
    const c1 = call({ id: 'c1', toolCallId: 'a' })
    const c2 = call({ id: 'c2', toolCallId: 'b' })
    const o1 = output({ id: 'o1', toolCallId: 'a' })
    const o2 = output({ id: 'o2', toolCallId: 'b' })
    const orphan = output({ id: 'o3', toolCallId: '' })
    const answer = message({ id: 'ans' })
    const rows = toolRows([q, c1, c2, o1, o2, orphan, answer])
    expect(rows.map((r) => [r.message.id, r.output?.id])).toEqual([['q', undefined], ['c1', 'o1'], ['c2', 'o2'], ['o3', undefined], ['ans', undefined]])
  })
})
