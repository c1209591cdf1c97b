import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toolsApi } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { message } from '@/features/tools/testApi'
import { ws } from '@/test/fakeApi'
import { MessageItem } from './MessageItem'

vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())

const api = vi.mocked(toolsApi)

beforeEach(() => {
  vi.clearAllMocks()
  useWorkspaceStore.setState({ workspaces: [ws], currentId: 'w1' })
})

const noop = vi.fn()
const props = { onRegenerate: noop, onEdit: vi.fn(async () => true), onSwitch: noop, onDelete: noop, onCite: noop, editing: false, setEditing: noop }

describe('MessageItem with plugins', () => {
  it('shows plugin notes under an answer', () => {
    render(<MessageItem {...props} message={message({ content: 'The answer', notes: [{ source: 'pii', text: 'Redacted 2 e-mail addresses.' }] })} />)
    expect(screen.getByRole('list', { name: 'Notes' })).toHaveTextContent('pii: Redacted 2 e-mail addresses.')
  })

  it("lists the workspace's plugin actions in the message menu and shows what one answers", async () => {
    const user = userEvent.setup()
    api.actions.mockResolvedValue([{ server: 'pii', tool: 'bookbag_action_summarize', title: 'Summarize', description: '' }])
    api.runAction.mockResolvedValue({ text: 'A short summary.', isError: false })
    render(<MessageItem {...props} message={message({ id: 'a1', chatId: 'c1', content: 'The answer' })} />)
    await user.click(screen.getByRole('button', { name: 'More actions' }))
    expect(api.actions).toHaveBeenCalledWith('w1')
    await user.click(await screen.findByRole('menuitem', { name: /Summarize/ }))
    expect(api.runAction).toHaveBeenCalledWith({ workspaceId: 'w1', chatId: 'c1', messageId: 'a1', role: 'assistant', text: 'The answer', server: 'pii', tool: 'bookbag_action_summarize' })
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByTestId('action-result')).toHaveTextContent('A short summary.')
  })

  it('says when there are no plugin actions', async () => {
    const user = userEvent.setup()
    api.actions.mockResolvedValue([])
    render(<MessageItem {...props} message={message({ content: 'x' })} />)
    await user.click(screen.getByRole('button', { name: 'More actions' }))
    expect(await screen.findByText(/switch a plugin on for this workspace/)).toBeInTheDocument()
  })
})
