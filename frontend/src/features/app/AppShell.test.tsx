import { describe, expect, it, vi, beforeEach } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, modelsApi, settingsApi } from '@/api'
import { presets } from '@/features/models/testApi'
import { resetModelsStore } from '@/features/models/store'
import App from '@/App'
import { bootstrap } from '@/test/fakeApi'
import { useAppStore } from './store'
import { isQuitShortcut, isSidebarShortcut } from './shortcuts'
import { useToasts } from '@/components/ui/toast'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

beforeEach(() => {
  useAppStore.setState({ status: 'loading', boot: null, page: 'chats', error: '', sidebarCollapsed: false })
  vi.mocked(settingsApi.setSidebarCollapsed).mockClear()
  resetModelsStore()
})

async function start() {
  await useAppStore.getState().load()
  render(<App />)
}

describe('App', () => {
  it('shows the first-run screen and reports the main screen as ready', async () => {
    await start()
    expect(await screen.findByTestId('first-run')).toBeInTheDocument()
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Personal')
    await waitFor(() => expect(appApi.ready).toHaveBeenCalledWith('main'))
  })

  it("first-run buttons open the add-provider dialog itself: the list of kinds, or Ollama's form", async () => {
    vi.mocked(modelsApi.presets).mockResolvedValue(presets)
    await start()
    const user = userEvent.setup()
    await user.click(within(await screen.findByTestId('first-run')).getByRole('button', { name: 'Add a provider' }))
    let dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByRole('heading', { name: 'Add provider' })).toBeInTheDocument()
    expect(await within(dialog).findByRole('button', { name: 'OpenAI' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    await user.click(screen.getByRole('button', { name: 'Chats' }))
    await user.click(within(await screen.findByTestId('first-run')).getByRole('button', { name: 'Set up Ollama' }))
    dialog = await screen.findByRole('dialog')
    expect(await within(dialog).findByRole('heading', { name: 'Add Ollama' })).toBeInTheDocument()
    expect(within(dialog).getByLabelText('Base URL')).toHaveValue('http://127.0.0.1:11434')
    // Back still leads to every kind.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }))
    expect(await within(dialog).findByRole('button', { name: 'OpenAI' })).toBeInTheDocument()
  })

  it('New chat (button or Ctrl+Shift+O) puts the cursor in the message box, from any page', async () => {
    vi.mocked(appApi.bootstrap).mockResolvedValueOnce(bootstrap({ firstRun: false }))
    await start()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Models' }))
    await screen.findByRole('region', { name: 'Models' })
    await user.keyboard('{Control>}{Shift>}o{/Shift}{/Control}')
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toHaveFocus())
    // From elsewhere (the search dialog was open), the New chat button does the same.
    await user.click(screen.getByRole('button', { name: 'Search chats' }))
    await screen.findByRole('textbox', { name: 'Search chats' })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Search chats' })).toBeNull())
    await user.click(screen.getByRole('button', { name: 'New chat' }))
    await waitFor(() => expect(box).toHaveFocus())
  })

  it('navigates to every page', async () => {
    await start()
    const user = userEvent.setup()
    for (const label of ['Models', 'Tools', 'Documents', 'Workspaces', 'Settings', 'Chats']) {
      await user.click(screen.getByRole('button', { name: label }))
      expect(await screen.findByRole('region', { name: label })).toBeInTheDocument()
    }
  })

  it('switches theme from Settings and applies it at once', async () => {
    await start()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Settings' }))
    await screen.findByTestId('data-dir')
    await user.click(screen.getByRole('radio', { name: 'Dark' }))
    expect(settingsApi.setTheme).toHaveBeenCalledWith('dark')
    await waitFor(() => expect(document.documentElement).toHaveClass('dark'))
    await user.click(screen.getByRole('radio', { name: 'Light' }))
    await waitFor(() => expect(document.documentElement).not.toHaveClass('dark'))
  })

  it('shows the recovery screen for a damaged database and moves it aside', async () => {
    vi.mocked(appApi.bootstrap).mockResolvedValueOnce(bootstrap({ state: 'corrupt', message: 'database is damaged' }))
    await start()
    expect(await screen.findByTestId('recovery')).toHaveTextContent('/data/bookbag.db')
    await waitFor(() => expect(appApi.ready).toHaveBeenCalledWith('recovery'))
    await userEvent.click(screen.getByRole('button', { name: /move it aside/i }))
    expect(await screen.findByText('/data/bookbag.db.damaged-1')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Restart BookBag' })).toBeInTheDocument()
  })

  it('shows a clear message when the bootstrap call fails', async () => {
    vi.mocked(appApi.bootstrap).mockRejectedValueOnce({ code: 'internal', message: 'disk on fire' })
    await start()
    expect(screen.getByRole('alert')).toHaveTextContent('disk on fire')
  })
})

describe('sidebar', () => {
  const sidebar = () => screen.getByRole('complementary', { name: 'Sidebar' })
  const toggle = () => screen.getByRole('button', { name: 'Toggle sidebar' })

  it('collapses to a rail with the button, remembers it, and opens again with Ctrl+Shift+S from the message box', async () => {
    vi.mocked(appApi.bootstrap).mockResolvedValueOnce(bootstrap({ firstRun: false }))
    await start()
    const user = userEvent.setup()
    expect(toggle()).toHaveAttribute('aria-expanded', 'true')
    expect(toggle()).toHaveAttribute('aria-controls', sidebar().id)
    expect(toggle()).toHaveAttribute('title', 'Hide sidebar (Ctrl+Shift+S)')
    expect(screen.getByLabelText('Chat list')).toBeInTheDocument()

    await user.click(toggle())
    expect(settingsApi.setSidebarCollapsed).toHaveBeenLastCalledWith(true)
    expect(toggle()).toHaveAttribute('aria-expanded', 'false')
    expect(toggle()).toHaveAttribute('title', 'Show sidebar (Ctrl+Shift+S)')
    expect(sidebar()).toHaveAttribute('data-collapsed', 'true')
    expect(screen.queryByLabelText('Chat list')).toBeNull()
    // The rail still starts a chat, searches, switches workspace and reaches every page.
    for (const name of ['New chat', 'Search chats', 'Switch workspace']) expect(within(sidebar()).getByRole('button', { name })).toBeInTheDocument()
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Models' }))
    expect(await screen.findByRole('region', { name: 'Models' })).toBeInTheDocument()
    await user.click(within(sidebar()).getByRole('button', { name: 'New chat' }))
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toHaveFocus())

    // The shortcut works while typing and types nothing.
    await user.type(box, 'hi')
    await user.keyboard('{Control>}{Shift>}s{/Shift}{/Control}')
    expect(settingsApi.setSidebarCollapsed).toHaveBeenLastCalledWith(false)
    expect(toggle()).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByLabelText('Chat list')).toBeInTheDocument()
    expect(box).toHaveValue('hi')
  })

  it('starts collapsed when the last run left it so', async () => {
    vi.mocked(appApi.bootstrap).mockResolvedValueOnce(bootstrap({ firstRun: false, sidebarCollapsed: true }))
    await start()
    expect(sidebar()).toHaveAttribute('data-collapsed', 'true')
    expect(toggle()).toHaveAttribute('aria-expanded', 'false')
    expect(settingsApi.setSidebarCollapsed).not.toHaveBeenCalled()
  })

  it('says so when the choice cannot be saved, and keeps the layout asked for', async () => {
    vi.mocked(settingsApi.setSidebarCollapsed).mockRejectedValueOnce({ code: 'internal', message: 'disk full' })
    await start()
    await userEvent.click(toggle())
    await waitFor(() => expect(useToasts.getState().toasts.map((t) => t.message)).toContain('Could not remember the sidebar: disk full'))
    expect(sidebar()).toHaveAttribute('data-collapsed', 'true')
  })
})

describe('isSidebarShortcut', () => {
  it('matches Ctrl+Shift+S and Cmd+Shift+S only', () => {
    const k = { key: 'S', ctrlKey: true, metaKey: false, altKey: false, shiftKey: true }
    expect(isSidebarShortcut(k)).toBe(true)
    expect(isSidebarShortcut({ ...k, ctrlKey: false, metaKey: true })).toBe(true)
    expect(isSidebarShortcut({ ...k, shiftKey: false, key: 's' })).toBe(false)
    expect(isSidebarShortcut({ ...k, altKey: true })).toBe(false)
    expect(isSidebarShortcut({ ...k, key: 'b', shiftKey: false })).toBe(false)
  })
})

describe('isQuitShortcut', () => {
  it('matches Ctrl+Q and Cmd+Q only', () => {
    const k = { key: 'q', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false }
    expect(isQuitShortcut(k)).toBe(true)
    expect(isQuitShortcut({ ...k, ctrlKey: false, metaKey: true })).toBe(true)
    expect(isQuitShortcut({ ...k, ctrlKey: false })).toBe(false)
    expect(isQuitShortcut({ ...k, shiftKey: true })).toBe(false)
  })
})
