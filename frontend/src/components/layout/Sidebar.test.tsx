import { describe, expect, it, vi } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Boxes, MessageSquare } from 'lucide-react'
import { Sidebar, type NavItem } from './Sidebar'

const nav: NavItem<'chats' | 'models'>[] = [
  { page: 'chats', label: 'Chats', icon: MessageSquare },
  { page: 'models', label: 'Models', icon: Boxes },
]

describe('Sidebar', () => {
  it('shows its slots, marks the current page and reports clicks', async () => {
    const user = userEvent.setup()
    const onNavigate = vi.fn()
    const onNewChat = vi.fn()
    const onSearch = vi.fn()
    render(
      <Sidebar header={<span>Header slot</span>} nav={nav} current="models" onNavigate={onNavigate} onNewChat={onNewChat} onSearch={onSearch} chatList={<p>the chats</p>} />,
    )
    expect(screen.getByText('Header slot')).toBeInTheDocument()
    expect(screen.getByText('the chats')).toBeInTheDocument()
    const main = screen.getByRole('navigation', { name: 'Main' })
    expect(within(main).getByRole('button', { name: 'Models' })).toHaveAttribute('aria-current', 'page')
    expect(within(main).getByRole('button', { name: 'Chats' })).not.toHaveAttribute('aria-current')
    await user.click(within(main).getByRole('button', { name: 'Chats' }))
    expect(onNavigate).toHaveBeenCalledWith('chats')
    await user.click(screen.getByRole('button', { name: 'New chat' }))
    await user.click(screen.getByRole('button', { name: 'Search chats' }))
    expect(onNewChat).toHaveBeenCalledOnce()
    expect(onSearch).toHaveBeenCalledOnce()
  })

  it('says there are no chats when given no list', () => {
    render(<Sidebar nav={nav} current="chats" onNavigate={() => {}} onNewChat={() => {}} onSearch={() => {}} />)
    expect(screen.getByText('No chats yet.')).toBeInTheDocument()
    // a landmark a screen reader can jump to (a label on a plain div is not read)
    expect(screen.getByRole('region', { name: 'Chat list' })).toHaveTextContent('No chats yet.')
  })

  it('collapsed, is a rail of labelled icons with the toggle, New chat, Search and the pages', async () => {
    const user = userEvent.setup()
    const onToggle = vi.fn()
    const onNavigate = vi.fn()
    const onNewChat = vi.fn()
    render(
      <Sidebar collapsed onToggle={onToggle} toggleShortcut="Ctrl+Shift+S" nav={nav} current="models" onNavigate={onNavigate} onNewChat={onNewChat} onSearch={() => {}} chatList={<p>the chats</p>} />,
    )
    const aside = screen.getByRole('complementary', { name: 'Sidebar' })
    const toggle = within(aside).getByRole('button', { name: 'Toggle sidebar' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(toggle).toHaveAttribute('aria-controls', aside.id)
    expect(toggle).toHaveAttribute('title', 'Show sidebar (Ctrl+Shift+S)')
    expect(aside).toHaveClass('w-12')
    expect(screen.queryByText('the chats')).toBeNull()
    const main = within(aside).getByRole('navigation', { name: 'Main' })
    expect(within(main).getByRole('button', { name: 'Models' })).toHaveAttribute('aria-current', 'page')
    expect(within(main).getByRole('button', { name: 'Chats' })).toHaveAttribute('title', 'Chats')
    await user.click(within(main).getByRole('button', { name: 'Chats' }))
    await user.click(within(aside).getByRole('button', { name: 'New chat' }))
    await user.click(toggle)
    expect(onNavigate).toHaveBeenCalledWith('chats')
    expect(onNewChat).toHaveBeenCalledOnce()
    expect(onToggle).toHaveBeenCalledOnce()
  })

  it('open, marks its toggle expanded; without onToggle it has none', () => {
    const { unmount } = render(<Sidebar collapsed={false} onToggle={() => {}} nav={nav} current="chats" onNavigate={() => {}} onNewChat={() => {}} onSearch={() => {}} />)
    expect(screen.getByRole('button', { name: 'Toggle sidebar' })).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByRole('complementary', { name: 'Sidebar' })).toHaveClass('w-64')
    unmount()
    render(<Sidebar nav={nav} current="chats" onNavigate={() => {}} onNewChat={() => {}} onSearch={() => {}} />)
    expect(screen.queryByRole('button', { name: 'Toggle sidebar' })).toBeNull()
  })
})
