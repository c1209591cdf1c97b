import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { syncApi } from '@/api'
import { MembersPanel } from './MembersPanel'
import { ChatAuthorLabel, ShareChatButton } from './chatAuthors'
import { members } from './testUtils'

vi.mock('@/api', async () => (await import('./testUtils')).syncModule((await import('@/test/fakeApi')).fakeApiModule()))

const api = vi.mocked(syncApi)

beforeEach(() => {
  vi.clearAllMocks()
})

describe('MembersPanel', () => {
  it('lets an admin invite, change roles and remove members', async () => {
    const user = userEvent.setup()
    api.members.mockResolvedValue(members())
    api.invite.mockResolvedValue({ id: 'i1', workspaceId: 'w1', workspaceName: 'Office', email: 'cy@example.com', role: 'admin', invitedBy: 'u-ada', createdAt: 1, expiresAt: 2 })
    api.setRole.mockResolvedValue({ userId: 'u-bob', email: 'bob@example.com', displayName: 'Bob', role: 'admin', joinedAt: 2, me: false })
    render(<MembersPanel workspaceId="w1" />)
    const list = await screen.findByRole('list', { name: 'Member list' })
    expect(within(list).getByRole('listitem', { name: 'Ada' })).toHaveTextContent('(you)')
    expect(within(list).queryByRole('button', { name: 'Remove Ada' })).toBeNull()

    await user.type(screen.getByLabelText('Invite by email'), 'cy@example.com')
    await user.selectOptions(screen.getByLabelText('Role of the invitee'), 'admin')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    expect(api.invite).toHaveBeenCalledWith('w1', 'cy@example.com', 'admin')
    await waitFor(() => expect(screen.getByLabelText('Invite by email')).toHaveValue(''))

    await user.selectOptions(within(list).getByLabelText('Role of Bob'), 'admin')
    expect(api.setRole).toHaveBeenCalledWith('w1', 'u-bob', 'admin')

    await user.click(within(list).getByRole('button', { name: 'Remove Bob' }))
    await user.click(await screen.findByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(api.removeMember).toHaveBeenCalledWith('w1', 'u-bob'))
  })

  it('shows roles read-only to members and says when offline', async () => {
    api.members.mockResolvedValue(members({ canManage: false, offline: true }))
    render(<MembersPanel workspaceId="w1" />)
    expect(await screen.findByText('Offline: the members as last seen.')).toBeInTheDocument()
    expect(screen.queryByLabelText('Invite by email')).toBeNull()
    expect(screen.queryByLabelText('Role of Bob')).toBeNull()
    expect(screen.getByRole('listitem', { name: 'Bob' })).toHaveTextContent('Member')
  })

  it('shows a refused action', async () => {
    const user = userEvent.setup()
    api.members.mockResolvedValue(members())
    api.setRole.mockRejectedValue({ code: 'conflict', message: 'A shared workspace needs at least one admin' })
    render(<MembersPanel workspaceId="w1" />)
    await user.selectOptions(await screen.findByLabelText('Role of Ada'), 'member')
    await user.click(await screen.findByRole('button', { name: 'Stop being an admin' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('at least one admin')
  })

  it('asks before revoking an invitation or giving up one’s own admin role', async () => {
    const user = userEvent.setup()
    api.members.mockResolvedValue(
      members({ invitations: [{ id: 'i1', workspaceId: 'w1', workspaceName: 'Office', email: 'cy@example.com', role: 'member', invitedBy: 'u-ada', createdAt: 1, expiresAt: 2 }] }),
    )
    render(<MembersPanel workspaceId="w1" />)
    await user.click(await screen.findByRole('button', { name: 'Revoke invitation of cy@example.com' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('cy@example.com will no longer be able to join')
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }))
    expect(api.revokeInvitation).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Revoke invitation of cy@example.com' }))
    await user.click(await screen.findByRole('button', { name: 'Revoke' }))
    await waitFor(() => expect(api.revokeInvitation).toHaveBeenCalledWith('w1', 'i1'))

    await user.selectOptions(screen.getByLabelText('Role of Ada'), 'member')
    expect(await screen.findByRole('alertdialog')).toHaveTextContent('only another admin can make you an admin again')
    expect(api.setRole).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    // Another member's role changes at once: it can be changed back.
    await user.selectOptions(screen.getByLabelText('Role of Bob'), 'admin')
    expect(api.setRole).toHaveBeenCalledWith('w1', 'u-bob', 'admin')
    expect(api.setRole).not.toHaveBeenCalledWith('w1', 'u-ada', 'member')
  })
})

describe('chat authors', () => {
  it('labels other members’ chats and shares one’s own', async () => {
    const user = userEvent.setup()
    const { rerender } = render(<ChatAuthorLabel author={{ chatId: 'c1', authorId: 'u-bob', name: 'Bob', mine: false, shared: true, readOnly: true }} />)
    expect(screen.getByText('by Bob')).toBeInTheDocument()
    rerender(<ShareChatButton chatId="c2" author={{ chatId: 'c2', authorId: 'u-ada', name: 'Ada', mine: true, shared: false, readOnly: false }} />)
    await user.click(screen.getByRole('button', { name: 'Share with workspace' }))
    expect(api.shareChat).toHaveBeenCalledWith('c2')
  })
})
