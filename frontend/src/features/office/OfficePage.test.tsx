import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ApiError, officeApi, syncApi, type AdminWorkspace, type ServerUser } from '@/api'
import { expectFits, wideColumns } from '@/test/fit'
import { OfficePage } from './OfficePage'
import { useOffice } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const session = { signedIn: true, serverUrl: 'https://office.example', account: { id: 'u1', email: 'boss@example.com', displayName: 'Boss' } }
const user = (over: Partial<ServerUser>): ServerUser => ({ id: 'u2', email: 'ann@example.com', displayName: 'Ann', role: 'member', disabled: false, createdAt: 1, ...over })
const workspace = (over: Partial<AdminWorkspace> = {}): AdminWorkspace => ({
  id: 'w1', name: 'Office', members: 2, usageBytes: 512 << 20, quotaBytes: 1 << 30, ownQuota: false, files: 3, createdAt: 1, createdBy: 'u1', ...over,
})

beforeEach(() => {
  vi.clearAllMocks()
  vi.mocked(syncApi.statuses).mockResolvedValue([])
  vi.mocked(officeApi.session).mockResolvedValue({ signedIn: false, serverUrl: '', account: { id: '', email: '', displayName: '' } })
  useOffice.setState({ session: { signedIn: false, serverUrl: '', account: { id: '', email: '', displayName: '' } }, loaded: false, error: '' })
})

async function signedIn() {
  vi.mocked(officeApi.session).mockResolvedValue(session)
  render(<OfficePage />)
  await screen.findByTestId('office-who')
}

describe('OfficePage', () => {
  it('signs in with the address and email of a shared workspace filled in', async () => {
    const u = userEvent.setup()
    vi.mocked(syncApi.statuses).mockResolvedValue([{ linked: true, serverUrl: 'https://office.example', email: 'boss@example.com' } as never])
    vi.mocked(officeApi.signIn).mockResolvedValue(session)
    render(<OfficePage />)
    await waitFor(() => expect(screen.getByLabelText('Server address')).toHaveValue('https://office.example'))
    expect(screen.getByLabelText('Email')).toHaveValue('boss@example.com')
    await u.type(screen.getByLabelText('Password'), 'secret')
    await u.click(screen.getByRole('button', { name: 'Sign in as admin' }))
    expect(officeApi.signIn).toHaveBeenCalledWith({ serverUrl: 'https://office.example', email: 'boss@example.com', password: 'secret' })
    expect(await screen.findByTestId('office-who')).toHaveTextContent('boss@example.com on https://office.example')
  })

  it('shows why a sign-in was refused', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.signIn).mockRejectedValue(new ApiError('unauthorized', 'ann@example.com is not an admin of this server'))
    render(<OfficePage />)
    await u.type(await screen.findByLabelText('Server address'), 'office.example')
    await u.type(screen.getByLabelText('Email'), 'ann@example.com')
    await u.type(screen.getByLabelText('Password'), 'pw')
    await u.click(screen.getByRole('button', { name: 'Sign in as admin' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('is not an admin of this server')
  })

  it('creates an account with a made-up password shown once, and asks before disabling one', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.users).mockResolvedValue([user({})])
    vi.mocked(officeApi.createUser).mockResolvedValue({ user: user({ id: 'u3', email: 'new@example.com' }), password: 'made-up-pw' })
    vi.mocked(officeApi.updateUser).mockResolvedValue(user({ disabled: true }))
    await signedIn()
    await u.type(screen.getByLabelText('Email'), 'new@example.com')
    await u.click(screen.getByRole('button', { name: 'Create account' }))
    expect(officeApi.createUser).toHaveBeenCalledWith({ email: 'new@example.com', displayName: '', role: 'member', password: '' })
    expect(await screen.findByTestId('office-secret-password')).toHaveTextContent('made-up-pw')
    const accounts = screen.getByRole('table', { name: 'Accounts' })
    expect(wideColumns(accounts)).toEqual(['Created'])
    expectFits(accounts)

    const row = await screen.findByTestId('office-user-ann@example.com')
    await u.click(within(row).getByRole('button', { name: 'Disable' }))
    expect(officeApi.updateUser).not.toHaveBeenCalled()
    await u.click(await screen.findByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(officeApi.updateUser).toHaveBeenCalledWith('u2', { disabled: true }))
    expect(await within(screen.getByTestId('office-user-ann@example.com')).findByText('Disabled')).toBeInTheDocument()
  })

  it('creates an account once however often Create is clicked while it runs', async () => {
    const u = userEvent.setup()
    let answer: (r: { user: ServerUser; password: string }) => void = () => {}
    vi.mocked(officeApi.createUser).mockImplementation(() => new Promise((r) => (answer = r)))
    await signedIn()
    await u.type(screen.getByLabelText('Email'), 'new@example.com')
    const create = screen.getByRole('button', { name: 'Create account' })
    await u.click(create)
    await u.click(create)
    expect(officeApi.createUser).toHaveBeenCalledTimes(1)
    await act(async () => answer({ user: user({ id: 'u3', email: 'new@example.com' }), password: 'made-up-pw' }))
    expect(await screen.findByTestId('office-secret-password')).toHaveTextContent('made-up-pw')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('asks before making an account a server admin, and before taking the role back', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.users).mockResolvedValue([user({})])
    vi.mocked(officeApi.updateUser).mockResolvedValueOnce(user({ role: 'admin' })).mockResolvedValueOnce(user({}))
    await signedIn()
    const role = await screen.findByLabelText('Role of ann@example.com')
    await u.selectOptions(role, 'admin')
    expect(officeApi.updateUser).not.toHaveBeenCalled()
    expect(role).toHaveValue('member')
    await u.click(await screen.findByRole('button', { name: 'Cancel' }))
    expect(officeApi.updateUser).not.toHaveBeenCalled()
    await u.selectOptions(role, 'admin')
    await u.click(await screen.findByRole('button', { name: 'Make admin' }))
    await waitFor(() => expect(officeApi.updateUser).toHaveBeenCalledWith('u2', { role: 'admin' }))
    await waitFor(() => expect(screen.getByLabelText('Role of ann@example.com')).toHaveValue('admin'))
    await u.selectOptions(screen.getByLabelText('Role of ann@example.com'), 'member')
    expect(officeApi.updateUser).toHaveBeenCalledTimes(1)
    await u.click(await screen.findByRole('button', { name: 'Make member' }))
    await waitFor(() => expect(officeApi.updateUser).toHaveBeenLastCalledWith('u2', { role: 'member' }))
  })

  it('says the accounts are loading, and when a search finds none', async () => {
    const u = userEvent.setup()
    let answer: (users: ServerUser[]) => void = () => {}
    vi.mocked(officeApi.users).mockImplementation(() => new Promise((r) => (answer = r)))
    await signedIn()
    expect(await screen.findByText('Loading accounts…')).toBeInTheDocument()
    await act(async () => answer([user({})]))
    expect(await screen.findByTestId('office-user-ann@example.com')).toBeInTheDocument()
    expect(screen.queryByText('Loading accounts…')).toBeNull()
    await u.type(screen.getByLabelText('Find an account'), 'zed')
    expect(await screen.findByText('No account matches “zed”.')).toBeInTheDocument()
  })

  it('warns that resetting your own password ends this admin session', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.users).mockResolvedValue([user({ id: 'u1', email: 'boss@example.com', role: 'admin' })])
    vi.mocked(officeApi.resetPassword).mockResolvedValue({ password: 'new-boss-pw' })
    await signedIn()
    const row = await screen.findByTestId('office-user-boss@example.com')
    await u.click(within(row).getByRole('button', { name: 'Reset password' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('This admin session ends')
    await u.click(within(ask).getByRole('button', { name: 'Reset my password' }))
    expect(await screen.findByTestId('office-secret-password')).toHaveTextContent('new-boss-pw')
  })

  it('sets a workspace quota in MiB and returns it to the default', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.workspaces).mockResolvedValue([workspace()])
    vi.mocked(officeApi.setQuota)
      .mockResolvedValueOnce(workspace({ quotaBytes: 2048 << 20, ownQuota: true }))
      .mockResolvedValueOnce(workspace())
    await signedIn()
    await u.click(screen.getByRole('tab', { name: 'Workspaces' }))
    const card = await screen.findByTestId('office-ws-Office')
    expect(within(card).getByTestId('office-ws-storage')).toHaveTextContent('512 MiB of 1 GiB (server default)')
    await u.type(within(card).getByLabelText('Quota of Office (MiB)'), '2048')
    await u.click(within(card).getByRole('button', { name: 'Set quota' }))
    // Asked first, with what changes.
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Set the quota of Office to 2 GiB?')
    expect(ask).toHaveTextContent('The quota is 1 GiB (the server default) now; it holds 512 MiB.')
    expect(officeApi.setQuota).not.toHaveBeenCalled()
    await u.click(within(ask).getByRole('button', { name: 'Set quota' }))
    await waitFor(() => expect(officeApi.setQuota).toHaveBeenCalledWith('w1', 2048 * 1024 * 1024))
    await u.click(await within(card).findByRole('button', { name: 'Use the default' }))
    expect(officeApi.setQuota).toHaveBeenCalledTimes(1)
    await u.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Use the default' }))
    await waitFor(() => expect(officeApi.setQuota).toHaveBeenLastCalledWith('w1', 0))
  })

  it('says that a quota below what a workspace holds refuses its growth, and sets nothing when cancelled', async () => {
    const u = userEvent.setup()
    vi.mocked(officeApi.workspaces).mockResolvedValue([workspace()])
    await signedIn()
    await u.click(screen.getByRole('tab', { name: 'Workspaces' }))
    const card = await screen.findByTestId('office-ws-Office')
    await u.type(within(card).getByLabelText('Quota of Office (MiB)'), '100{Enter}')
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('It holds 512 MiB, more than that')
    await u.click(within(ask).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(officeApi.setQuota).not.toHaveBeenCalled()
  })

  it('asks before changing a workspace role, and shows members loading', async () => {
    const u = userEvent.setup()
    const ann = { userId: 'u2', email: 'ann@example.com', displayName: 'Ann', role: 'member', joinedAt: 1 }
    vi.mocked(officeApi.workspaces).mockResolvedValue([workspace()])
    let answer: (r: { members: (typeof ann)[] }) => void = () => {}
    vi.mocked(officeApi.members).mockImplementation(() => new Promise((r) => (answer = r)))
    vi.mocked(officeApi.setMemberRole).mockResolvedValue({ ...ann, role: 'admin' })
    await signedIn()
    await u.click(screen.getByRole('tab', { name: 'Workspaces' }))
    await u.click(await screen.findByRole('button', { name: 'Members' }))
    expect(await screen.findByText('Loading members…')).toBeInTheDocument()
    await act(async () => answer({ members: [ann] }))
    const role = await screen.findByLabelText('Workspace role of ann@example.com')
    await u.selectOptions(role, 'admin')
    expect(officeApi.setMemberRole).not.toHaveBeenCalled()
    expect(role).toHaveValue('member')
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Make ann@example.com an admin of Office?')
    await u.click(within(ask).getByRole('button', { name: 'Make admin' }))
    await waitFor(() => expect(officeApi.setMemberRole).toHaveBeenCalledWith('w1', 'u2', 'admin'))
    await waitFor(() => expect(screen.getByLabelText('Workspace role of ann@example.com')).toHaveValue('admin'))
  })

  it('says the workspaces are loading, not that there are none, until the server answers', async () => {
    const u = userEvent.setup()
    let answer: (w: AdminWorkspace[]) => void = () => {}
    await signedIn()
    vi.mocked(officeApi.workspaces).mockImplementation(() => new Promise((r) => (answer = r)))
    await u.click(screen.getByRole('tab', { name: 'Workspaces' }))
    expect(await screen.findByText('Loading workspaces…')).toBeInTheDocument()
    expect(screen.queryByText(/No workspace is shared/)).toBeNull()
    await act(async () => answer([]))
    expect(await screen.findByText('No workspace is shared with this server yet.')).toBeInTheDocument()
    expect(screen.queryByText('Loading workspaces…')).toBeNull()
  })

  it('sums usage per member and per model', async () => {
    const u = userEvent.setup()
    const row = { userId: 'u2', email: 'ann@example.com', displayName: 'Ann', workspaceId: 'w1', cachedTokens: 0 }
    vi.mocked(officeApi.usage).mockResolvedValue({
      from: 0, to: 1, tz: 'Europe/Paris',
      rows: [
        { ...row, day: '2026-12-01', model: 'openai:gpt-4o', calls: 2, inputTokens: 100, outputTokens: 50, costMicros: 1_500_000 },
        { ...row, day: '2026-12-02', model: 'openai:gpt-4o', calls: 1, inputTokens: 10, outputTokens: 5, costMicros: 500_000 },
        { ...row, userId: 'u1', email: 'boss@example.com', displayName: 'Boss', day: '2026-12-02', model: 'ollama/llama3', calls: 4, inputTokens: 40, outputTokens: 40, costMicros: 0 },
      ],
    })
    await signedIn()
    await u.click(screen.getByRole('tab', { name: 'Usage' }))
    const members = await screen.findByTestId('office-usage-members')
    expect(within(members).getAllByRole('row')[0]).toHaveTextContent('Ann3 calls165 tokens$2.00')
    expect(within(members).getAllByRole('row')[1]).toHaveTextContent('Boss4 calls80 tokens$0.00')
    expect(within(screen.getByTestId('office-usage-models')).getAllByRole('row')[0]).toHaveTextContent('openai:gpt-4o3 calls165 tokens$2.00')
    // In a narrow box member, workspace and calls move under the model.
    const perDay = screen.getByTestId('office-usage-rows')
    expect(wideColumns(perDay)).toEqual(['Member', 'Workspace', 'Calls'])
    expectFits(perDay)
    expect(vi.mocked(officeApi.usage).mock.calls[0][0]).toMatchObject({ workspace: '', tz: expect.any(String) })
    vi.mocked(officeApi.exportUsage).mockResolvedValueOnce('/home/boss/usage.csv')
    await u.click(screen.getByRole('button', { name: 'Export CSV' }))
    expect(officeApi.exportUsage).toHaveBeenCalledWith(vi.mocked(officeApi.usage).mock.calls[0][0])
    expect(await screen.findByText('Saved to /home/boss/usage.csv')).toBeInTheDocument()
  })

  it('sends only the settings that changed', async () => {
    const u = userEvent.setup()
    await signedIn()
    await u.click(screen.getByRole('tab', { name: 'Server settings' }))
    const days = await screen.findByLabelText('Invitations last (days)')
    await u.clear(days)
    await u.type(days, '7')
    await u.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(officeApi.updateSettings).toHaveBeenCalledWith({ invitationDays: 7 })
    expect(await screen.findByText('Saved.')).toBeInTheDocument()
  })

  it('says the settings are loading until the server answers', async () => {
    const u = userEvent.setup()
    await signedIn()
    vi.mocked(officeApi.settings).mockImplementation(() => new Promise(() => {}))
    await u.click(screen.getByRole('tab', { name: 'Server settings' }))
    expect(await screen.findByText('Loading settings…')).toBeInTheDocument()
  })

  it('goes back to sign-in when the server ends the admin session', async () => {
    vi.mocked(officeApi.users).mockRejectedValue(new ApiError('unauthorized', 'The admin session ended (signed out or no longer an admin); sign in again'))
    await signedIn()
    expect(await screen.findByTestId('office-signin')).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('The admin session ended')
  })
})
