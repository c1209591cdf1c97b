import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { syncApi } from '@/api'
import { SyncIndicator } from './SyncIndicator'
import { lastSyncedText, resetSyncStore, unlinkedStatus } from './store'
import { bus, status } from './testUtils'

vi.mock('@/api', async () => (await import('./testUtils')).syncModule((await import('@/test/fakeApi')).fakeApiModule()))

const api = vi.mocked(syncApi)

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetSyncStore()
})

describe('SyncIndicator', () => {
  it('shows nothing for a workspace that is not shared', async () => {
    api.status.mockResolvedValue(unlinkedStatus('w1'))
    const { container } = render(<SyncIndicator workspaceId="w1" />)
    await waitFor(() => expect(api.status).toHaveBeenCalledWith('w1'))
    expect(container).toBeEmptyDOMElement()
  })

  it('follows sync:status events from syncing with a count to synced', async () => {
    api.status.mockResolvedValue(status({ state: 'syncing', pending: 0 }))
    render(<SyncIndicator workspaceId="w1" />)
    const ind = await screen.findByTestId('sync-indicator')
    act(() => bus.emit('sync:status', { workspaceId: 'w1', state: 'syncing', pending: 1234, lastSyncedAt: 0, error: '' }))
    expect(ind).toHaveAttribute('data-state', 'syncing')
    expect(ind).toHaveTextContent('Syncing 1,234')
    api.status.mockResolvedValue(status({ state: 'synced', lastSyncedAt: Date.now() }))
    act(() => bus.emit('sync:status', { workspaceId: 'w1', state: 'synced', pending: 0, lastSyncedAt: Date.now(), error: '' }))
    await waitFor(() => expect(ind).toHaveAttribute('data-state', 'synced'))
    expect(ind).toHaveTextContent('Synced')
    expect(within(ind).queryByRole('button', { name: 'Retry sync' })).toBeNull()
    // Another workspace's events are not ours.
    act(() => bus.emit('sync:status', { workspaceId: 'w2', state: 'offline', pending: 3, lastSyncedAt: 0, error: 'x' }))
    expect(ind).toHaveAttribute('data-state', 'synced')
  })

  it('offers Retry when offline or failing, and shows the reason', async () => {
    const user = userEvent.setup()
    api.status.mockResolvedValue(status({ state: 'offline', error: 'Cannot reach https://office.example.com; retrying.', errorCode: 'offline' }))
    api.syncNow.mockResolvedValue(status({ state: 'synced' }))
    render(<SyncIndicator workspaceId="w1" />)
    const ind = await screen.findByTestId('sync-indicator')
    expect(ind).toHaveTextContent('Offline')
    await user.click(within(ind).getByRole('button', { name: 'Retry sync' }))
    expect(api.syncNow).toHaveBeenCalledWith('w1')
    await waitFor(() => expect(ind).toHaveAttribute('data-state', 'synced'))
  })

  it('compact (the collapsed sidebar), is the icon with the state in its tooltip, and opens the details', async () => {
    const user = userEvent.setup()
    api.status.mockResolvedValue(status({ state: 'offline', error: 'Cannot reach the server.', errorCode: 'offline' }))
    render(<SyncIndicator workspaceId="w1" compact />)
    const ind = await screen.findByTestId('sync-indicator')
    expect(ind).toHaveAccessibleName('Sync: Offline')
    const button = within(ind).getByRole('button')
    expect(button).toHaveAttribute('title', expect.stringMatching(/^Offline\nCannot reach the server\./))
    expect(within(button).getByText('Offline')).toHaveClass('sr-only')
    expect(within(ind).queryByRole('button', { name: 'Retry sync' })).toBeNull()
    await user.click(button)
    expect(await screen.findByRole('dialog')).toHaveTextContent('Cannot reach the server.')
  })

  it('lists refused changes in the details and dismisses them', async () => {
    const user = userEvent.setup()
    const refused = { table: 'workspaces', rowId: 'w1', code: 'forbidden', reason: 'Your role does not allow this change to the workspace', at: 1 }
    api.status.mockResolvedValue(status({ rejections: [refused], error: '1 change(s) were refused', errorCode: 'rejected' }))
    api.clearRejections.mockResolvedValue(status())
    render(<SyncIndicator workspaceId="w1" />)
    const ind = await screen.findByTestId('sync-indicator')
    expect(ind).toHaveTextContent('Synced · 1 refused')
    await user.click(within(ind).getByRole('button', { name: /Synced/ }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByRole('list', { name: 'Refused changes' })).toHaveTextContent('Your role does not allow')
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }))
    expect(api.clearRejections).toHaveBeenCalledWith('w1')
  })

  it('asks to sign in again when the session ended', async () => {
    const user = userEvent.setup()
    api.status.mockResolvedValue(status({ state: 'error', errorCode: 'signed_out', signedIn: false, error: 'The server ended this session' }))
    api.reconnect.mockRejectedValueOnce({ code: 'unauthorized', message: 'The email or password is wrong' })
    render(<SyncIndicator workspaceId="w1" />)
    const ind = await screen.findByTestId('sync-indicator')
    expect(ind).toHaveTextContent('Signed out')
    await user.click(within(ind).getByRole('button', { name: 'Sign in' }))
    const dialog = await screen.findByRole('dialog', { name: 'Sign in again' })
    await user.type(within(dialog).getByLabelText('Password'), 'wrong')
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The email or password is wrong')
    api.reconnect.mockResolvedValue(status({ state: 'syncing' }))
    await user.clear(within(dialog).getByLabelText('Password'))
    await user.type(within(dialog).getByLabelText('Password'), 'right')
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(api.reconnect).toHaveBeenLastCalledWith('w1', 'right')
    expect(ind).toHaveAttribute('data-state', 'syncing')
  })
})

describe('lastSyncedText', () => {
  it('says when, in words', () => {
    const now = new Date(2025, 0, 10, 12, 0, 0).getTime()
    expect(lastSyncedText(0, now)).toBe('Never synced')
    expect(lastSyncedText(now - 10_000, now)).toBe('Synced just now')
    expect(lastSyncedText(now - 5 * 60_000, now)).toBe('Synced 5 min ago')
    expect(lastSyncedText(now - 3 * 3600_000, now)).toMatch(/^Synced \d/)
  })
})
