import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, type Chat } from '@/api'
import { ArchivedChats } from './ArchivedChats'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const old = { id: 'c9', workspaceId: 'w1', title: 'Old budget talk', archivedAt: 5 } as Chat

beforeEach(() => vi.clearAllMocks())

describe('ArchivedChats', () => {
  it('lists the workspace’s archived chats and brings one back', async () => {
    vi.mocked(chatApi.listChats).mockImplementation(async (f) => ({ chats: f.archived ? [old] : [], cursor: '' }))
    vi.mocked(chatApi.setArchived).mockResolvedValue({ ...old, archivedAt: 0 })
    render(<ArchivedChats workspaceId="w1" />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Archived chats/ }))
    const list = await screen.findByRole('list', { name: 'Archived chats' })
    expect(await within(list).findByText('Old budget talk')).toBeInTheDocument()
    expect(chatApi.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: true, cursor: '', limit: 50 })
    await user.click(within(list).getByRole('button', { name: 'Unarchive Old budget talk' }))
    expect(chatApi.setArchived).toHaveBeenCalledWith('c9', false)
    await waitFor(() => expect(within(list).queryByText('Old budget talk')).toBeNull())
    // The sidebar list is reloaded (the chat is back there).
    expect(chatApi.listChats).toHaveBeenCalledWith(expect.objectContaining({ workspaceId: 'w1', archived: false }))
  })
})
