import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { chatApi, type ToolsInfo } from '@/api'
import { Composer } from '@/features/chat/Composer'
import { useAppStore } from '@/features/app/store'

vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())

const api = vi.mocked(chatApi)

function info(over: Partial<ToolsInfo> = {}): ToolsInfo {
  return {
    available: true,
    reason: '',
    tools: [
      { name: 'test/echo', server: 'test', tool: 'echo', title: 'Echo', readOnly: true, destructive: false, off: false },
      { name: 'test/delete_file', server: 'test', tool: 'delete_file', title: '', readOnly: false, destructive: true, off: false },
      { name: 'web/get', server: 'web', tool: 'get', title: '', readOnly: true, destructive: false, off: false },
    ],
    tokens: 410,
    contextLength: 8192,
    unavailable: { broken: 'the server exited at once' },
    ...over,
  }
}

const chat = { id: 'c1', workspaceId: 'w1', title: '', modelRef: 'openai:fake-chat', profileId: '', systemPrompt: '', params: {}, pinned: false, archivedAt: 0, shared: false, activeLeafId: '', source: '', authorId: 'u', createdAt: 1, updatedAt: 1 }

// The composer with a chat whose ToolsOff is saved as the screen does.
function Screen({ onSave }: { onSave: (off: string[]) => void }) {
  const [off, setOff] = useState<string[]>([])
  return (
    <Composer
      streamingId={null} visionOK modelName="Fake" onSend={async () => true} onStop={() => {}} onEditLast={() => {}} droppedFiles={[]} onDroppedHandled={() => {}}
      chat={{ ...chat, params: { toolsOff: off } }}
      onToolsOff={async (o) => {
        onSave(o)
        setOff(o)
      }}
    />
  )
}

beforeEach(() => vi.clearAllMocks())

describe('ToolsPopover', () => {
  it('lists the tools by server with their cost, and switches tools off for this chat', async () => {
    const user = userEvent.setup()
    const onSave = vi.fn()
    api.toolsInfo.mockResolvedValue(info())
    render(<Screen onSave={onSave} />)
    await user.click(screen.getByRole('button', { name: 'Chat tools' }))
    const pop = await screen.findByRole('dialog', { name: 'Tools in this chat' })
    expect(await within(pop).findByTestId('tools-cost')).toHaveTextContent('~410 tokens of the 8,192 the model reads here (5%)')
    expect(api.toolsInfo).toHaveBeenCalledWith('c1')
    expect(within(pop).getByRole('list', { name: 'Unavailable servers' })).toHaveTextContent('broken is not available: the server exited at once')

    await user.click(within(pop).getByRole('checkbox', { name: /delete_file/ }))
    expect(onSave).toHaveBeenLastCalledWith(['test/delete_file'])
    await waitFor(() => expect(within(pop).getByRole('checkbox', { name: /delete_file/ })).not.toBeChecked())
    // A new ToolsOff asks again (the cost changed).
    await waitFor(() => expect(api.toolsInfo).toHaveBeenCalledTimes(2))

    await user.click(within(pop).getByRole('checkbox', { name: 'web' }))
    expect(onSave).toHaveBeenLastCalledWith(['test/delete_file', 'web'])
    await waitFor(() => expect(within(pop).getByRole('checkbox', { name: /get/ })).not.toBeChecked())

    // The server box of a partly switched-off server turns all of it back on.
    await user.click(within(pop).getByRole('checkbox', { name: 'test' }))
    expect(onSave).toHaveBeenLastCalledWith(['web', 'test'])
    await user.click(within(pop).getByRole('checkbox', { name: /echo/ }))
    expect(onSave).toHaveBeenLastCalledWith(['web', 'test/delete_file'])
  })

  it('says why the model gets no tools', async () => {
    const user = userEvent.setup()
    api.toolsInfo.mockResolvedValue(info({ available: false, reason: 'Tiny cannot call tools (its model list says so), so it is offered none.', tools: [], unavailable: {} }))
    render(<Screen onSave={vi.fn()} />)
    await user.click(screen.getByRole('button', { name: 'Chat tools' }))
    expect(await screen.findByTestId('tools-reason')).toHaveTextContent('Tiny cannot call tools')
    expect(screen.queryByTestId('tools-cost')).toBeNull()
  })

  it('leads to the Tools page', async () => {
    const user = userEvent.setup()
    api.toolsInfo.mockResolvedValue(info())
    render(<Screen onSave={vi.fn()} />)
    await user.click(screen.getByRole('button', { name: 'Chat tools' }))
    await user.click(await screen.findByRole('button', { name: 'Manage tool servers…' }))
    expect(useAppStore.getState().page).toBe('tools')
  })
})
