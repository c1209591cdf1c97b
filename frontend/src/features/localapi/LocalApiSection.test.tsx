import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { localApi, type LocalApiToken } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { localApiStatus, ws } from '@/test/fakeApi'
import { expectFits, wideColumns } from '@/test/fit'
import { LocalApiSection } from './LocalApiSection'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const token = (over: Partial<LocalApiToken> = {}): LocalApiToken => ({
  id: 't1', name: 'Editor', prefix: 'bb-AbCdEf', allWorkspaces: true, workspaceIds: [], createdAt: 1, lastUsedAt: 0, revokedAt: 0, ...over,
})

beforeEach(() => {
  vi.clearAllMocks()
  useWorkspaceStore.setState({ workspaces: [ws, { ...ws, id: 'w2', name: 'Research', isDefault: false }], currentId: 'w1' })
})

describe('LocalApiSection', () => {
  it('switches the server on and shows the URL to copy', async () => {
    const user = userEvent.setup()
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<LocalApiSection />)
    const toggle = await screen.findByRole('switch', { name: 'Serve the local API' })
    expect(screen.queryByTestId('localapi-url')).toBeNull()
    await user.click(toggle)
    expect(localApi.setConfig).toHaveBeenCalledWith({ enabled: true, port: 8765, lan: false, corsOrigins: [], recordChats: false })
    expect(await screen.findByTestId('localapi-url')).toHaveTextContent('http://127.0.0.1:8765/v1')
    await user.click(screen.getByRole('button', { name: 'Copy URL' }))
    expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:8765/v1')
  })

  it('asks before the LAN, then names the addresses other computers use', async () => {
    const user = userEvent.setup()
    vi.mocked(localApi.status).mockResolvedValueOnce(localApiStatus({ config: { enabled: true, port: 8765, lan: false, corsOrigins: [], recordChats: false } }))
    render(<LocalApiSection />)
    const lan = await screen.findByRole('switch', { name: 'Listen on the local network' })
    await user.click(lan)
    const ask = await screen.findByRole('alertdialog', { name: 'Listen on the local network?' })
    expect(localApi.setConfig).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }))
    expect(localApi.setConfig).not.toHaveBeenCalled()
    expect(lan).not.toBeChecked()
    expect(screen.queryByTestId('localapi-lan-urls')).toBeNull()

    await user.click(lan)
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Listen on the network' }))
    expect(localApi.setConfig).toHaveBeenLastCalledWith(expect.objectContaining({ lan: true }))
    expect(await screen.findByTestId('localapi-lan-warning')).toHaveTextContent('Other computers on your network')
    expect(screen.getByTestId('localapi-lan-urls')).toHaveTextContent('http://192.168.1.20:8765/v1')
    expect(screen.getByTestId('localapi-url')).toHaveTextContent('http://127.0.0.1:8765/v1')

    // Off again at once: nothing to ask.
    await user.click(screen.getByRole('switch', { name: 'Listen on the local network' }))
    expect(localApi.setConfig).toHaveBeenLastCalledWith(expect.objectContaining({ lan: false }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('saves port and origins', async () => {
    const user = userEvent.setup()
    render(<LocalApiSection />)
    const port = await screen.findByLabelText('Port')
    await user.clear(port)
    await user.type(port, '9000x')
    await user.type(screen.getByLabelText('Browser origins allowed (one per line)'), 'http://localhost:3000{Enter}')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(localApi.setConfig).toHaveBeenLastCalledWith(expect.objectContaining({ port: 9000, corsOrigins: ['http://localhost:3000'] }))
  })

  it('keeps answers to workspaces as chats when asked', async () => {
    const user = userEvent.setup()
    render(<LocalApiSection />)
    await user.click(await screen.findByRole('switch', { name: 'Keep answers to workspaces as chats in the workspace' }))
    expect(localApi.setConfig).toHaveBeenLastCalledWith(expect.objectContaining({ recordChats: true }))
  })

  it('shows why the server is not running', async () => {
    vi.mocked(localApi.status).mockResolvedValueOnce(
      localApiStatus({ config: { enabled: true, port: 80, lan: false, corsOrigins: [], recordChats: false }, running: false, error: 'could not listen on port 80' }),
    )
    render(<LocalApiSection />)
    expect(await screen.findByText('could not listen on port 80')).toBeInTheDocument()
  })

  it('creates a token for chosen workspaces and shows it once', async () => {
    const user = userEvent.setup()
    vi.mocked(localApi.createToken).mockResolvedValue({ token: token({ allWorkspaces: false, workspaceIds: ['w2'] }), secret: 'bb-secret-value' })
    render(<LocalApiSection />)
    await user.type(await screen.findByLabelText('Token name'), 'Editor')
    await user.click(screen.getByLabelText('Only these workspaces:'))
    expect(screen.getByRole('button', { name: 'Create token' })).toBeDisabled()
    await user.click(screen.getByLabelText('Research'))
    vi.mocked(localApi.listTokens).mockResolvedValue([token({ allWorkspaces: false, workspaceIds: ['w2'] })])
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(localApi.createToken).toHaveBeenCalledWith({ name: 'Editor', allWorkspaces: false, workspaceIds: ['w2'] })
    expect(await screen.findByTestId('localapi-secret')).toHaveTextContent('bb-secret-value')
    const list = await screen.findByRole('list', { name: 'Tokens' })
    expect(within(list).getByText('Research')).toBeInTheDocument()
    expect(within(list).queryByText(/bb-secret-value/)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.queryByTestId('localapi-secret')).toBeNull()
  })

  it('asks before revoking a token', async () => {
    const user = userEvent.setup()
    vi.mocked(localApi.listTokens).mockResolvedValue([token()])
    render(<LocalApiSection />)
    await user.click(await screen.findByRole('button', { name: 'Revoke Editor' }))
    expect(localApi.revokeToken).not.toHaveBeenCalled()
    const dialog = await screen.findByRole('alertdialog')
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }))
    await waitFor(() => expect(localApi.revokeToken).toHaveBeenCalledWith('t1'))
  })

  it('lists recent requests', async () => {
    vi.mocked(localApi.recentRequests).mockResolvedValue({
      total: 1,
      items: [{ id: 'r1', createdAt: 1, tokenId: 't1', tokenName: 'Editor', endpoint: 'chat', model: 'workspace:research', modelRef: 'openai:x',
        workspaceId: 'w2', inputTokens: 120, outputTokens: 30, estimated: true, stream: true, ttftMs: 80, durationMs: 900, status: 200, error: '', source: 'api' }],
    })
    render(<LocalApiSection />)
    const card = await screen.findByTestId('localapi-requests')
    expect(await within(card).findByText('workspace:research')).toBeInTheDocument()
    expect(within(card).getByText('≈120 / 30')).toBeInTheDocument()
    // In a narrow box the token's name and the time taken move under the model.
    const table = within(card).getByRole('table', { name: 'Recent API requests' })
    expect(wideColumns(table)).toEqual(['Token', 'Time taken'])
    expectFits(table)
    expect(within(table).getByTestId('narrow-line')).toHaveTextContent('Editor · 900 ms')
  })

  it('says why a request failed, in view', async () => {
    vi.mocked(localApi.recentRequests).mockResolvedValue({
      total: 1,
      items: [{ id: 'r1', createdAt: 1, tokenId: 't1', tokenName: 'Editor', endpoint: 'chat', model: 'openai:gpt-4o', modelRef: 'openai:gpt-4o',
        workspaceId: '', inputTokens: 0, outputTokens: 0, estimated: true, stream: false, ttftMs: 0, durationMs: 300, status: 503,
        error: 'OpenAI is overloaded: retry in 20 s', source: 'api' }],
    })
    render(<LocalApiSection />)
    const card = await screen.findByTestId('localapi-requests')
    expect(await within(card).findByTestId('request-error')).toHaveTextContent('OpenAI is overloaded: retry in 20 s')
    expect(within(card).getByText('503')).toHaveClass('text-destructive')
    expectFits(within(card).getByRole('table', { name: 'Recent API requests' }))
  })

  it('warns when any web page may call the API', async () => {
    vi.mocked(localApi.status).mockResolvedValueOnce(localApiStatus({ config: { enabled: true, port: 8765, lan: true, corsOrigins: ['*'], recordChats: false } }))
    render(<LocalApiSection />)
    expect(await screen.findByTestId('localapi-any-origin')).toHaveTextContent('* lets every web page you open call the API, and pages on other computers too')
  })

  it('pages through requests on the server', async () => {
    const user = userEvent.setup()
    const req = (i: number) => ({ id: `r${i}`, createdAt: 1, tokenId: 't1', tokenName: 'Editor', endpoint: 'chat', model: `model-${i}`,
      modelRef: 'openai:x', workspaceId: 'w1', inputTokens: 1, outputTokens: 1, estimated: false, stream: false, ttftMs: 1, durationMs: 1,
      status: 200, error: '', source: 'api' })
    vi.mocked(localApi.recentRequests).mockImplementation(async (offset: number, limit: number) => ({
      total: 45,
      items: Array.from({ length: Math.min(limit, 45 - offset) }, (_, i) => req(offset + i)),
    }))
    render(<LocalApiSection />)
    const card = await screen.findByTestId('localapi-requests')
    expect(await within(card).findByText('model-0')).toBeInTheDocument()
    expect(within(card).getByText('Page 1 of 3')).toBeInTheDocument()
    await user.click(within(card).getByRole('button', { name: 'Next' }))
    await user.click(within(card).getByRole('button', { name: 'Next' }))
    expect(await within(card).findByText('model-44')).toBeInTheDocument()
    expect(within(card).queryByText('model-0')).toBeNull()
    expect(localApi.recentRequests).toHaveBeenLastCalledWith(40, 20)
  })
})
