import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, type SearchHit } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { SearchDialog } from './SearchDialog'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

function hit(i: number): SearchHit {
  return { messageId: `m${i}`, chatId: `c${i}`, chatTitle: `Chat ${i}`, workspaceId: 'w1', role: 'user', snippet: `result ${i}`, rank: i, createdAt: 1 }
}

const scrolled: Element[] = []
beforeEach(() => {
  useWorkspaceStore.setState({ currentId: 'w1' })
  scrolled.length = 0
  // jsdom draws nothing and has no scrollIntoView: record who asked.
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this)
  }
})
afterEach(() => {
  delete (Element.prototype as Partial<Element>).scrollIntoView
})

describe('SearchDialog', () => {
  it('says it is searching until the answer comes, and only then that nothing matched', async () => {
    let answer: (h: SearchHit[]) => void = () => {}
    vi.mocked(chatApi.search).mockImplementationOnce(() => new Promise((r) => (answer = r)))
    render(<SearchDialog open onOpenChange={() => {}} />)
    await userEvent.type(screen.getByRole('textbox', { name: 'Search chats' }), 'pelicans')
    expect(await screen.findByText('Searching…')).toBeInTheDocument()
    expect(screen.queryByText('No messages match.')).toBeNull()
    await vi.waitFor(() => expect(chatApi.search).toHaveBeenCalled())
    await act(async () => answer([]))
    expect(await screen.findByText('No messages match.')).toBeInTheDocument()
    expect(screen.queryByText('Searching…')).toBeNull()
  })

  it('opens no result on the Enter that picks an input method candidate', async () => {
    vi.mocked(chatApi.search).mockResolvedValueOnce([hit(1)])
    const onOpenChange = vi.fn()
    render(<SearchDialog open onOpenChange={onOpenChange} />)
    const box = screen.getByRole('textbox', { name: 'Search chats' })
    await userEvent.type(box, 'result')
    await screen.findByText('result 1')
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 })
    expect(onOpenChange).not.toHaveBeenCalled()
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 })
    expect(onOpenChange).toHaveBeenCalledWith(false)
  })

  it('keeps the result chosen with the arrow keys in view', async () => {
    vi.mocked(chatApi.search).mockResolvedValueOnce(Array.from({ length: 30 }, (_, i) => hit(i)))
    render(<SearchDialog open onOpenChange={() => {}} />)
    await userEvent.type(screen.getByRole('textbox', { name: 'Search chats' }), 'result')
    await screen.findByText('result 29')
    for (let i = 0; i < 12; i++) await userEvent.keyboard('{ArrowDown}')
    const twelfth = screen.getByText('result 12').closest('button')
    expect(scrolled.at(-1)).toBe(twelfth)
    // A screen reader hears where the highlight is (the focus stays in the box).
    expect(twelfth).toHaveAttribute('aria-current', 'true')
    expect(screen.getByTestId('search-active')).toHaveTextContent('13 of 30: Chat 12, result 12')
  })
})
