import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toolsApi } from '@/api'
import { Toaster, useToasts } from '@/components/ui/toast'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ws } from '@/test/fakeApi'
import { resetToolServers } from './store'
import { bus, server, status } from './testApi'
import { ToolsPage } from './ToolsPage'
import { resetWorkspaceTools } from './workspaceStore'

vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())

const api = vi.mocked(toolsApi)

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetToolServers()
  resetWorkspaceTools()
  useToasts.setState({ toasts: [] })
  useWorkspaceStore.setState({ workspaces: [ws, { ...ws, id: 'w2', name: 'Work', isDefault: false }], currentId: 'w1' })
  api.listServers.mockResolvedValue([])
  api.workspaceServers.mockResolvedValue([])
  api.calls.mockResolvedValue({ entries: [], next: '' })
  api.approvals.mockResolvedValue([])
})

describe('Tools page', () => {
  it('imports pasted JSON and shows what was added and skipped', async () => {
    const user = userEvent.setup()
    api.importServers.mockImplementation(async () => {
      api.listServers.mockResolvedValue([server({ name: 'test' })])
      return { added: ['test'], skipped: ['old'], updated: [], revokedApprovals: 0 }
    })
    render(<ToolsPage />)
    await screen.findByText('No tool servers yet')
    await user.click(screen.getByRole('button', { name: 'Import' }))
    const dialog = await screen.findByRole('dialog')
    const json = '{"mcpServers":{"test":{"command":"/bin/mcptest"},"old":{"url":"http://x"}}}'
    await user.click(within(dialog).getByLabelText('Configuration JSON'))
    await user.paste(json)
    await user.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(api.importServers).toHaveBeenCalledWith(json, false)
    const report = await within(dialog).findByTestId('import-report')
    expect(report).toHaveTextContent('Added 1: test.')
    expect(report).toHaveTextContent('Skipped 1 already configured: old.')
    // The new server is listed once the dialog closes.
    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    expect(await screen.findByRole('article', { name: 'test' })).toBeInTheDocument()
  })

  it('updates servers already here when asked, and says what it changed and which approvals went', async () => {
    const user = userEvent.setup()
    api.importServers.mockResolvedValue({ added: [], skipped: [], updated: ['files', 'web'], revokedApprovals: 2 })
    render(<ToolsPage />)
    await user.click(await screen.findByRole('button', { name: 'Import' }))
    const dialog = await screen.findByRole('dialog')
    const json = '{"mcpServers":{"files":{"command":"other"},"web":{"url":"http://y"}}}'
    await user.click(within(dialog).getByLabelText('Configuration JSON'))
    await user.paste(json)
    await user.click(within(dialog).getByRole('checkbox', { name: /Update servers already here from this file/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(api.importServers).toHaveBeenCalledWith(json, true)
    const report = await within(dialog).findByTestId('import-report')
    expect(report).toHaveTextContent('No servers added.')
    expect(report).toHaveTextContent('Updated 2: files, web.')
    expect(report).toHaveTextContent('2 standing approvals were removed')
  })

  it('shows an import that failed, and reads a chosen file into the box', async () => {
    const user = userEvent.setup()
    api.importServers.mockRejectedValue({ code: 'invalid', message: 'server "x": a command or a url is needed' })
    render(<ToolsPage />)
    await user.click(await screen.findByRole('button', { name: 'Import' }))
    const dialog = await screen.findByRole('dialog')
    const file = new File(['{"mcpServers":{"x":{}}}'], 'claude_desktop_config.json', { type: 'application/json' })
    await user.upload(within(dialog).getByLabelText('Configuration file to import'), file)
    await waitFor(() => expect(within(dialog).getByLabelText('Configuration JSON')).toHaveValue('{"mcpServers":{"x":{}}}'))
    await user.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('server "x": a command or a url is needed')
  })

  it('shows why a server failed with its last stderr lines, and restarts it', async () => {
    const user = userEvent.setup()
    const failed = server({ status: status({ state: 'failed', error: 'the server exited at once (status 1)', stderr: ['exit-at-once: leaving', 'bye'] }) })
    api.listServers.mockResolvedValue([failed])
    api.restartServer.mockResolvedValue(server())
    render(<ToolsPage />)
    const row = await screen.findByRole('article', { name: 'test' })
    expect(within(row).getByTestId('server-status')).toHaveTextContent('Failed')
    expect(within(row).getByRole('alert')).toHaveTextContent('the server exited at once (status 1)')
    await user.click(within(row).getByText('Last 2 lines of its error output'))
    expect(within(row).getByTestId('server-stderr')).toHaveTextContent('exit-at-once: leaving bye')
    await user.click(within(row).getByRole('button', { name: 'Restart' }))
    expect(api.restartServer).toHaveBeenCalledWith('s1')
    await waitFor(() => expect(within(row).getByTestId('server-status')).toHaveTextContent('Stopped'))
  })

  it('follows status changes and lists a server’s tools with their hints', async () => {
    const user = userEvent.setup()
    api.listServers.mockResolvedValue([server()])
    api.serverTools.mockResolvedValue([
      { server: 'test', name: 'echo', title: 'Echo', description: 'Returns its text.', inputSchema: {}, readOnly: true, destructive: false, idempotent: true, openWorld: false },
      { server: 'test', name: 'delete_file', title: '', description: 'Pretends to delete a file.', inputSchema: {}, readOnly: false, destructive: true, idempotent: false, openWorld: true },
    ])
    render(<ToolsPage />)
    const row = await screen.findByRole('article', { name: 'test' })
    api.listServers.mockResolvedValue([server({ status: status({ state: 'ready', tools: 2 }) })])
    await user.click(within(row).getByRole('button', { name: 'Tools' }))
    const tools = await within(row).findByRole('list', { name: 'Tools of this server' })
    expect(within(tools).getAllByRole('listitem')[0]).toHaveTextContent('echoEchoread-only')
    expect(within(tools).getAllByRole('listitem')[1]).toHaveTextContent('delete_filedestructive')
    await waitFor(() => expect(within(row).getByTestId('server-status')).toHaveTextContent('Ready · 2 tools'))
    // A status change from the backend is shown without a click.
    api.listServers.mockResolvedValue([server({ status: status({ state: 'failed', error: 'it died' }) })])
    act(() => bus.emit('data:changed', { workspaceId: '', tables: ['mcp_servers'] }))
    expect(await within(row).findByRole('alert')).toHaveTextContent('it died')
  })

  it('asks before removing a server', async () => {
    const user = userEvent.setup()
    api.listServers.mockResolvedValue([server({ envNames: ['TOKEN'] })])
    render(<ToolsPage />)
    const row = await screen.findByRole('article', { name: 'test' })
    await user.click(within(row).getByRole('button', { name: 'Remove' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Remove test?')
    expect(ask).toHaveTextContent('its secrets in the keychain')
    expect(api.removeServer).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }))
    expect(api.removeServer).not.toHaveBeenCalled()
    await user.click(within(row).getByRole('button', { name: 'Remove' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove' }))
    expect(api.removeServer).toHaveBeenCalledWith('s1')
    await waitFor(() => expect(screen.queryByRole('article', { name: 'test' })).toBeNull())
  })

  it('edits a server keeping a secret the user left empty', async () => {
    const user = userEvent.setup()
    const sv = server({ transport: 'http', command: '', args: [], url: 'http://127.0.0.1:9/mcp', headerNames: ['Authorization'] })
    api.listServers.mockResolvedValue([sv])
    api.updateServer.mockResolvedValue({ server: sv, revokedApprovals: 0, changed: '' })
    render(<ToolsPage />)
    const row = await screen.findByRole('article', { name: 'test' })
    await user.click(within(row).getByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).queryByTestId('secret-warning')).toBeNull()
    const url = within(dialog).getByLabelText('URL')
    await user.type(url, '?api_key=abc')
    expect(within(dialog).getByTestId('secret-warning')).toHaveTextContent('send it as a header below')
    await user.clear(url)
    await user.type(url, 'http://127.0.0.1:9/mcp')
    expect(within(dialog).queryByTestId('secret-warning')).toBeNull()
    const value = within(dialog).getByLabelText('Header 1 value')
    expect(value).toHaveValue('')
    expect(value).toHaveAttribute('placeholder', 'unchanged (kept in the keychain)')
    await user.type(within(dialog).getByLabelText('Call timeout (seconds)'), '90')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.updateServer).toHaveBeenCalledWith('s1', {
        name: 'test', transport: 'http', command: '', args: [], dir: '', url: 'http://127.0.0.1:9/mcp', env: {}, headers: { Authorization: '' },
        initTimeoutMs: 0, callTimeoutMs: 90_000, enabled: true,
      }),
    )
  })

  it('says which standing approvals an edit of the command removed, and says nothing for a rename', async () => {
    const user = userEvent.setup()
    const sv = server()
    api.listServers.mockResolvedValue([sv])
    api.updateServer.mockImplementation(async (_id, input) =>
      input.command === sv.command
        ? { server: { ...sv, name: input.name }, revokedApprovals: 0, changed: '' }
        : { server: { ...sv, command: input.command }, revokedApprovals: 2, changed: 'command' },
    )
    render(
      <>
        <ToolsPage />
        <Toaster />
      </>,
    )
    const edit = async () => {
      await user.click(within(await screen.findByRole('article', { name: /test/ })).getByRole('button', { name: 'Edit' }))
      return screen.findByRole('dialog')
    }
    let dialog = await edit()
    await user.type(within(dialog).getByLabelText('Name'), '2')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(api.updateServer).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('status')).toBeNull()

    dialog = await edit()
    const command = within(dialog).getByLabelText('Command')
    await user.clear(command)
    await user.type(command, '/bin/other')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await screen.findByRole('status')).toHaveTextContent(
      '2 standing approvals were removed because the command of test changed: its tools ask again before they run.',
    )
  })

  it('makes a plugin required only while it is a plugin, and shows what the backend refused', async () => {
    const user = userEvent.setup()
    const row = { serverId: 's1', name: 'pii', enabled: true, tools: false, plugin: false, required: false }
    api.listServers.mockResolvedValue([server({ name: 'pii' })])
    api.workspaceServers.mockResolvedValue([row])
    api.setWorkspaceServer.mockResolvedValue([{ ...row, plugin: true }])
    api.setPluginRequired.mockResolvedValueOnce([{ ...row, plugin: true, required: true }])
    render(<ToolsPage />)
    const section = await screen.findByRole('region', { name: 'In a workspace' })
    await within(section).findByRole('switch', { name: 'pii as a plugin in this workspace' })
    expect(within(section).queryByRole('switch', { name: 'pii required in this workspace' })).toBeNull()

    await user.click(within(section).getByRole('switch', { name: 'pii as a plugin in this workspace' }))
    const required = await within(section).findByRole('switch', { name: 'pii required in this workspace' })
    expect(required).not.toBeChecked()
    await user.click(required)
    expect(api.setPluginRequired).toHaveBeenCalledWith('w1', 's1', true)
    await waitFor(() => expect(within(section).getByRole('switch', { name: 'pii required in this workspace' })).toBeChecked())

    api.setPluginRequired.mockRejectedValueOnce(new Error('pii is not a plugin of this workspace: switch Plugin on first'))
    await user.click(within(section).getByRole('switch', { name: 'pii required in this workspace' }))
    expect(await within(section).findByRole('alert')).toHaveTextContent('switch Plugin on first')
  })

  it('sets a workspace’s servers and policy, revokes an approval and pages the record of calls', async () => {
    const user = userEvent.setup()
    api.listServers.mockResolvedValue([server()])
    api.workspaceServers.mockResolvedValue([{ serverId: 's1', name: 'test', enabled: true, tools: false, plugin: false, required: false }])
    api.setWorkspaceServer.mockResolvedValue([{ serverId: 's1', name: 'test', enabled: true, tools: true, plugin: false, required: false }])
    api.approvals.mockResolvedValue([{ workspaceId: 'w1', serverId: 's1', server: 'test', tool: 'echo', createdAt: 1 }])
    const entry = (i: number) => ({
      id: `k${i}`, workspaceId: 'w1', chatId: 'c1', messageId: 'm', userId: 'u', server: 'test', tool: 'echo', kind: 'tool', arguments: '{"text":"hi"}',
      decision: 'always', outcome: 'ok', detail: '2 bytes', durationMs: 12, createdAt: 1000 - i,
    })
    api.calls.mockImplementation(async (_ws, before) =>
      before ? { entries: [entry(3)], next: '' } : { entries: [entry(1), entry(2)], next: 'k2' },
    )
    render(<ToolsPage />)
    const section = await screen.findByRole('region', { name: 'In a workspace' })
    await user.click(await within(section).findByRole('switch', { name: 'Tools of test in this workspace' }))
    expect(api.setWorkspaceServer).toHaveBeenCalledWith('w1', 's1', true, false)
    await waitFor(() => expect(within(section).getByRole('switch', { name: 'Tools of test in this workspace' })).toBeChecked())

    await user.click(within(section).getByRole('switch', { name: 'Run read-only tools without asking' }))
    expect(api.setPolicy).toHaveBeenCalledWith({ workspaceId: 'w1', autoReadOnly: true })

    await user.click(within(section).getByRole('button', { name: 'Revoke test/echo' }))
    expect(api.revokeApproval).toHaveBeenCalledWith('w1', 's1', 'echo')
    await within(section).findByText(/No standing approvals/)

    const table = within(section).getByRole('table', { name: 'Tool calls' })
    expect(within(table).getAllByRole('row')).toHaveLength(3) // header + 2
    await user.click(within(section).getByRole('button', { name: 'Load more' }))
    expect(api.calls).toHaveBeenLastCalledWith('w1', 'k2', 50)
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4))
    expect(within(section).queryByRole('button', { name: 'Load more' })).toBeNull()

    // Another workspace: its own settings.
    await user.selectOptions(within(section).getByLabelText('Workspace'), 'w2')
    await waitFor(() => expect(api.workspaceServers).toHaveBeenLastCalledWith('w2'))
  })
})
