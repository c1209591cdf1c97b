import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { syncApi } from '@/api'
import { WorkspaceSharing } from './WorkspaceSharing'
import { resetSyncStore, unlinkedStatus, useSyncStore } from './store'
import { bus, members, status } from './testUtils'

vi.mock('@/api', async () => (await import('./testUtils')).syncModule((await import('@/test/fakeApi')).fakeApiModule()))

const api = vi.mocked(syncApi)

const signedIn = {
  session: 's1',
  serverUrl: 'https://office.example.com',
  account: { id: 'u-ada', email: 'ada@example.com', displayName: 'Ada' },
  invitations: [
    { id: 'inv1', workspaceId: 'w9', workspaceName: 'Legal', email: 'ada@example.com', role: 'member', invitedBy: 'u-x', createdAt: 1, expiresAt: 2 },
  ],
  workspaces: [{ id: 'w8', name: 'Archive', role: 'admin', linked: false }],
}

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetSyncStore()
  api.status.mockResolvedValue(unlinkedStatus('w1'))
  api.members.mockResolvedValue(members())
})

async function openAndSignIn(user: ReturnType<typeof userEvent.setup>) {
  render(<WorkspaceSharing workspaceId="w1" workspaceName="Office" onLinked={onLinked} />)
  await user.click(await screen.findByRole('button', { name: 'Share with a server' }))
  const dialog = await screen.findByRole('dialog', { name: 'Share with a server' })
  await user.type(within(dialog).getByLabelText('Server address'), 'office.example.com')
  await user.type(within(dialog).getByLabelText('Email'), 'ada@example.com')
  await user.type(within(dialog).getByLabelText('Password'), 'secret password')
  await user.click(within(dialog).getByRole('button', { name: 'Sign in' }))
  return dialog
}

const onLinked = vi.fn()

describe('Share with a server', () => {
  it('signs in and uploads the workspace as a new shared one', async () => {
    const user = userEvent.setup()
    api.signIn.mockResolvedValue(signedIn)
    api.createShared.mockImplementation(async () => {
      api.status.mockResolvedValue(status({ state: 'syncing', pending: 12 }))
      return status({ state: 'syncing', pending: 12 })
    })
    const dialog = await openAndSignIn(user)
    expect(api.signIn).toHaveBeenCalledWith({ serverUrl: 'office.example.com', email: 'ada@example.com', password: 'secret password' })
    expect(await within(dialog).findByText(/Signed in as Ada on https:\/\/office.example.com/)).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: /Upload “Office” as a new shared workspace/ }))
    expect(api.createShared).toHaveBeenCalledWith('s1', 'w1')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(onLinked).toHaveBeenCalled()
    // Linked now: the section shows the server, the indicator and the members.
    expect(await screen.findByText('https://office.example.com')).toBeInTheDocument()
    expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Syncing 12')
    expect(await screen.findByRole('list', { name: 'Member list' })).toHaveTextContent('Bob')
  })

  it('joins an invitation or a workspace the user already belongs to', async () => {
    const user = userEvent.setup()
    api.signIn.mockResolvedValue(signedIn)
    api.join.mockResolvedValue(status({ workspaceId: 'w9', state: 'syncing' }))
    const dialog = await openAndSignIn(user)
    const invites = await within(dialog).findByRole('region', { name: 'Invitations' })
    expect(within(invites).getByRole('button', { name: /Open “Archive” on this computer/ })).toBeInTheDocument()
    await user.click(within(invites).getByRole('button', { name: /Join “Legal” as member/ }))
    expect(api.join).toHaveBeenCalledWith('s1', 'inv1')
    await waitFor(() => expect(onLinked).toHaveBeenCalledWith(expect.objectContaining({ workspaceId: 'w9' })))
    expect(useSyncStore.getState().statuses.w9?.linked).toBe(true)
  })

  it('goes back to the sign-in form when the sign-in expired before a choice', async () => {
    const user = userEvent.setup()
    api.signIn.mockResolvedValue(signedIn)
    api.createShared.mockRejectedValue({ code: 'unauthorized', message: 'The sign-in has expired; sign in again' })
    const dialog = await openAndSignIn(user)
    await user.click(await within(dialog).findByRole('button', { name: /Upload “Office” as a new shared workspace/ }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The sign-in has expired; sign in again')
    expect(within(dialog).getByLabelText('Server address')).toHaveValue('office.example.com')
    expect(within(dialog).getByLabelText('Password')).toHaveValue('')
    api.signIn.mockResolvedValue({ ...signedIn, session: 's2' })
    api.createShared.mockResolvedValue(status())
    await user.type(within(dialog).getByLabelText('Password'), 'secret password')
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }))
    await user.click(await within(dialog).findByRole('button', { name: /Upload “Office” as a new shared workspace/ }))
    expect(api.createShared).toHaveBeenLastCalledWith('s2', 'w1')
  })

  it('shows why signing in failed and keeps the form', async () => {
    const user = userEvent.setup()
    api.signIn.mockRejectedValue({ code: 'unauthorized', message: 'The email or password is wrong' })
    const dialog = await openAndSignIn(user)
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The email or password is wrong')
    expect(within(dialog).getByLabelText('Email')).toHaveValue('ada@example.com')
  })
})

describe('Sharing section of a linked workspace', () => {
  it('holds Sign out while it runs and says why stopping sharing failed', async () => {
    const user = userEvent.setup()
    api.status.mockResolvedValue(status())
    let signedOut: (st: ReturnType<typeof status>) => void = () => {}
    api.signOut.mockImplementation(() => new Promise((r) => (signedOut = r)))
    api.unlink.mockRejectedValue({ code: 'internal', message: 'unlink: database is locked' })
    render(<WorkspaceSharing workspaceId="w1" workspaceName="Office" />)
    const signOut = await screen.findByRole('button', { name: 'Sign out' })
    await user.click(signOut)
    expect(signOut).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Stop sharing on this computer' })).toBeDisabled()
    await user.click(signOut)
    expect(api.signOut).toHaveBeenCalledTimes(1)
    const out = status({ signedIn: false, state: 'error', errorCode: 'signed_out', error: 'Signed out.' })
    api.status.mockResolvedValue(out)
    signedOut(out)
    await user.click(await screen.findByRole('button', { name: 'Stop sharing on this computer' }))
    await user.click(await screen.findByRole('button', { name: 'Stop sharing' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('unlink: database is locked')
  })

  it('signs out and stops sharing after confirming', async () => {
    const user = userEvent.setup()
    api.status.mockResolvedValue(status())
    api.signOut.mockImplementation(async () => {
      const out = status({ signedIn: false, state: 'error', errorCode: 'signed_out', error: 'Signed out.' })
      api.status.mockResolvedValue(out)
      return out
    })
    api.unlink.mockImplementation(async () => {
      api.status.mockResolvedValue(unlinkedStatus('w1'))
    })
    render(<WorkspaceSharing workspaceId="w1" workspaceName="Office" />)
    await user.click(await screen.findByRole('button', { name: 'Sign out' }))
    expect(api.signOut).toHaveBeenCalledWith('w1')
    expect(await screen.findByRole('button', { name: 'Sign in again' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Stop sharing on this computer' }))
    await user.click(await screen.findByRole('button', { name: 'Stop sharing' }))
    expect(api.unlink).toHaveBeenCalledWith('w1')
    expect(await screen.findByRole('button', { name: 'Share with a server' })).toBeInTheDocument()
  })
})
