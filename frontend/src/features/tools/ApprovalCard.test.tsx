import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toolsApi } from '@/api'
import { Toaster, useToasts } from '@/components/ui/toast'
import { ApprovalStack } from './ApprovalCard'
import { useApprovalEvents, useApprovals } from './approvals'
import { bus, card } from './testApi'

vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())

const api = vi.mocked(toolsApi)

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  useApprovals.setState({ cards: {} })
  useToasts.setState({ toasts: [] })
})
afterEach(() => vi.useRealTimers())

describe('ApprovalCard', () => {
  it('appears on tool:approval for the open chat only, and closes on tool:approval-closed', async () => {
    renderHook(() => useApprovalEvents())
    render(<ApprovalStack chatId="c1" />)
    act(() => {
      bus.emit('tool:approval', card())
      bus.emit('tool:approval', card({ id: 'other', chatId: 'c2' }))
    })
    const c = await screen.findByRole('region', { name: 'Approve echo' })
    expect(c).toHaveTextContent('Run Echo (echo) from test?')
    expect(c).toHaveTextContent('read-only')
    expect(screen.getAllByTestId('approval-card')).toHaveLength(1)
    act(() => bus.emit('tool:approval-closed', { id: 'ap1', chatId: 'c1', decision: 'timeout' }))
    expect(screen.queryByTestId('approval-card')).toBeNull()
  })

  it('announces a card whose chat is not on screen with a toast that opens it, until the card closes', async () => {
    const user = userEvent.setup()
    const open = vi.fn()
    const place = { shown: (c: { chatId: string }) => c.chatId === 'c1', open }
    renderHook(() => useApprovalEvents(place))
    render(<Toaster />)
    act(() => bus.emit('tool:approval', card()))
    expect(screen.queryByRole('status')).toBeNull() // its chat is open: the card itself shows
    act(() => bus.emit('tool:approval', card({ id: 'away', chatId: 'c2', workspaceId: 'w2' })))
    const toast = await screen.findByRole('status')
    expect(toast).toHaveTextContent('Echo from test waits for your approval in another chat.')
    await user.click(within(toast).getByRole('button', { name: 'Open' }))
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: 'away', chatId: 'c2', workspaceId: 'w2' }))
    act(() => bus.emit('tool:approval', card({ id: 'away2', chatId: 'c3' })))
    expect(await screen.findByRole('status')).toBeInTheDocument()
    act(() => bus.emit('tool:approval-closed', { id: 'away2', chatId: 'c3', decision: 'canceled' }))
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('answers with the arguments as edited, after refusing what is not a JSON object', async () => {
    const user = userEvent.setup()
    useApprovals.getState().add(card())
    render(<ApprovalStack chatId="c1" />)
    const box = screen.getByRole('textbox', { name: 'Arguments' })
    expect(box).toHaveValue('{\n  "text": "hi"\n}')
    await user.clear(box)
    await user.type(box, '{{"text": "bye"')
    expect(screen.getByRole('alert')).toHaveTextContent('Not valid JSON')
    expect(screen.getByRole('button', { name: 'Allow once' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Deny' })).toBeEnabled()
    await user.clear(box)
    await user.type(box, '[[1]')
    expect(screen.getByRole('alert')).toHaveTextContent('must be a JSON object')
    await user.clear(box)
    await user.type(box, '{{"text": "bye"}')
    expect(screen.queryByRole('alert')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Always allow this tool' }))
    expect(api.answerApproval).toHaveBeenCalledWith('ap1', 'tool', '{"text":"bye"}')
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull())
  })

  it("keeps the model's arguments when they are not changed, and denies without any", async () => {
    const user = userEvent.setup()
    useApprovals.getState().add(card())
    useApprovals.getState().add(card({ id: 'ap2', messageId: 'tc2', expiresAt: Date.now() + 200_000 }))
    render(<ApprovalStack chatId="c1" />)
    const [first, second] = screen.getAllByTestId('approval-card')
    await user.click(within(first).getByRole('button', { name: 'Allow once' }))
    expect(api.answerApproval).toHaveBeenCalledWith('ap1', 'once', '')
    await user.click(within(second).getByRole('button', { name: 'Deny' }))
    expect(api.answerApproval).toHaveBeenLastCalledWith('ap2', 'deny', '')
  })

  it('does not let the second click of a double click answer the card that moved under it', async () => {
    const user = userEvent.setup()
    useApprovals.getState().add(card())
    useApprovals.getState().add(card({ id: 'ap2', messageId: 'tc2', arguments: '{"text":"other"}', expiresAt: Date.now() + 200_000 }))
    render(<ApprovalStack chatId="c1" />)
    await user.click(within(screen.getAllByTestId('approval-card')[0]).getByRole('button', { name: 'Allow once' }))
    await waitFor(() => expect(screen.getAllByTestId('approval-card')).toHaveLength(1))
    // The second card is now where the first was: the double click's second click lands on it.
    const next = within(screen.getByTestId('approval-card')).getByRole('button', { name: 'Allow once' })
    fireEvent.click(next, { detail: 2 })
    expect(api.answerApproval).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('approval-card')).toHaveTextContent('other')
    // A click of its own (or the keyboard, detail 0) answers it.
    fireEvent.click(next, { detail: 0 })
    await waitFor(() => expect(api.answerApproval).toHaveBeenLastCalledWith('ap2', 'once', ''))
  })

  it('does not offer the whole server for a destructive tool', () => {
    useApprovals.getState().add(card({ tool: 'delete_file', title: '', readOnly: false, destructive: true }))
    render(<ApprovalStack chatId="c1" />)
    expect(screen.getByText('destructive')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Always allow this server' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Always allow this tool' })).toBeEnabled()
  })

  it('counts down to the timeout', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    useApprovals.getState().add(card({ expiresAt: 1_000_000 + 65_000 }))
    render(<ApprovalStack chatId="c1" />)
    expect(screen.getByTestId('approval-countdown')).toHaveTextContent('Denied in 1:05 if not answered')
    act(() => vi.advanceTimersByTime(6_000))
    expect(screen.getByTestId('approval-countdown')).toHaveTextContent('Denied in 0:59')
    act(() => vi.advanceTimersByTime(60_000))
    expect(screen.getByTestId('approval-countdown')).toHaveTextContent('Timed out')
    expect(screen.getByRole('button', { name: 'Allow once' })).toBeDisabled()
  })

  it('shows a refused answer (the card is no longer waiting)', async () => {
    const user = userEvent.setup()
    api.answerApproval.mockRejectedValueOnce({ code: 'not_found', message: 'that approval is no longer waiting' })
    useApprovals.getState().add(card())
    render(<ApprovalStack chatId="c1" />)
    await user.click(screen.getByRole('button', { name: 'Allow once' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('that approval is no longer waiting')
  })

  it('fetches the cards a chat is waiting on, dropping ones closed meanwhile', async () => {
    useApprovals.getState().add(card({ id: 'stale' }))
    api.pendingApprovals.mockResolvedValue([card({ id: 'fresh' })])
    await useApprovals.getState().loadChat('c1')
    expect(api.pendingApprovals).toHaveBeenCalledWith('c1')
    expect(Object.keys(useApprovals.getState().cards)).toEqual(['fresh'])
  })
})
