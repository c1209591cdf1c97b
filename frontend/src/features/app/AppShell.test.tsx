import { describe, expect, it, vi, beforeEach } from 'vitest'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, settingsApi } from '@/api'
import App from '@/App'
import { bootstrap } from '@/test/fakeApi'
import { useAppStore } from './store'
import { isQuitShortcut } from './shortcuts'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

beforeEach(() => {
  useAppStore.setState({ status: 'loading', boot: null, page: 'chats', error: '' })
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

describe('isQuitShortcut', () => {
  it('matches Ctrl+Q and Cmd+Q only', () => {
    const k = { key: 'q', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false }
    expect(isQuitShortcut(k)).toBe(true)
    expect(isQuitShortcut({ ...k, ctrlKey: false, metaKey: true })).toBe(true)
    expect(isQuitShortcut({ ...k, ctrlKey: false })).toBe(false)
    expect(isQuitShortcut({ ...k, shiftKey: true })).toBe(false)
  })
})
