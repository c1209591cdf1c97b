import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { chatApi, type Chat } from '@/api'
import { ChatList } from './ChatList'
import { useChatStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

function chat(over: Partial<Chat> = {}): Chat {
  return { id: 'c1', workspaceId: 'w1', title: 'Old title', pinned: false, updatedAt: Date.now(), ...over } as Chat
}

// The sidebar asks for the next page when its end scrolls into view: this
// stand-in reports it in view at once.
class InView {
  constructor(private cb: IntersectionObserverCallback) {}
  observe() {
    this.cb([{ isIntersecting: true } as IntersectionObserverEntry], this as unknown as IntersectionObserver)
  }
  disconnect() {}
}

beforeEach(() => {
  useChatStore.setState({ workspaceId: 'w1', list: [], cursor: '', listLoading: false, listError: '', currentId: null })
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('ChatList', () => {
  it('renames from the title the chat has now, not the one it was first drawn with', async () => {
    useChatStore.setState({ list: [chat()] })
    render(<ChatList />)
    // The title changes after the row was drawn (a generated title, another device's rename).
    act(() => useChatStore.setState({ list: [{ ...chat(), title: 'New title' }] }))
    fireEvent.doubleClick(screen.getByRole('button', { name: 'New title' }))
    const input = screen.getByRole('textbox', { name: 'Chat title' })
    expect(input).toHaveValue('New title')
    // Leaving the box unchanged renames nothing (it must not put the old title back).
    fireEvent.blur(input)
    expect(chatApi.renameChat).not.toHaveBeenCalled()
  })

  it('renames on Enter, but not on the Enter that picks an input method candidate', () => {
    useChatStore.setState({ list: [chat()] })
    render(<ChatList />)
    fireEvent.doubleClick(screen.getByRole('button', { name: 'Old title' }))
    const input = screen.getByRole('textbox', { name: 'Chat title' })
    fireEvent.change(input, { target: { value: '会議のまとめ' } })
    fireEvent.keyDown(input, { key: 'Enter', keyCode: 229 })
    expect(chatApi.renameChat).not.toHaveBeenCalled()
    expect(input).toBeInTheDocument()
    fireEvent.keyDown(input, { key: 'Enter', keyCode: 13 })
    expect(chatApi.renameChat).toHaveBeenCalledWith('c1', '会議のまとめ')
  })

  it('keeps the chats shown when the next page fails, and offers to try again', async () => {
    vi.stubGlobal('IntersectionObserver', InView)
    vi.mocked(chatApi.listChats).mockRejectedValueOnce(new Error('database is locked'))
    useChatStore.setState({ list: [chat()], cursor: 'next' })
    render(<ChatList />)
    expect(await screen.findByText(/database is locked/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Old title' })).toBeInTheDocument()

    vi.mocked(chatApi.listChats).mockResolvedValueOnce({ chats: [{ ...chat(), id: 'c2', title: 'Second page' }], cursor: '' })
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('button', { name: 'Second page' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Old title' })).toBeInTheDocument()
    expect(screen.queryByText(/database is locked/)).toBeNull()
  })

  it('lays out a right-to-left title right to left', () => {
    useChatStore.setState({ list: [chat({ title: 'סיכום פגישה' })] })
    render(<ChatList />)
    expect(screen.getByText('סיכום פגישה')).toHaveAttribute('dir', 'auto')
  })
})
