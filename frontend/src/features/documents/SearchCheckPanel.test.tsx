import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ApiError, documentsApi, type SearchCheck } from '@/api'
import { useAppStore } from '@/features/app/store'
import { SearchCheckPanel } from './SearchCheckPanel'

vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())

const api = vi.mocked(documentsApi)

function check(over: Partial<SearchCheck> = {}): SearchCheck {
  return {
    workspaceId: 'w1',
    model: 'ollama:use-lite@512',
    questions: 40,
    keyword: 38,
    vector: 8,
    hybrid: 24,
    verdict: 'weak',
    message: 'Hybrid search found 24 of 40 look-ups in its top 5, keywords alone 38 of 40: use-lite makes search worse on these documents.',
    tookMs: 1489,
    ...over,
  }
}

beforeEach(() => {
  vi.clearAllMocks()
  cleanup()
})

describe('SearchCheckPanel', () => {
  it('offers nothing until the workspace has indexed passages', () => {
    render(<SearchCheckPanel workspaceId="w1" ready={false} />)
    expect(screen.queryByTestId('search-check')).toBeNull()
  })

  it('warns when the embedding model makes search worse, with the three counts', async () => {
    api.checkSearch.mockResolvedValue(check())
    render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    const alert = await screen.findByRole('alert')
    expect(api.checkSearch).toHaveBeenCalledWith('w1')
    expect(within(alert).getByTestId('search-check-message').textContent).toContain('makes search worse')
    expect(screen.getByTestId('check-keyword').textContent).toBe('38 of 40')
    expect(screen.getByTestId('check-vector').textContent).toBe('8 of 40')
    expect(screen.getByTestId('check-hybrid').textContent).toBe('24 of 40')
    expect(screen.getByTestId('search-check').dataset.state).toBe('weak')
    // The way out is one click away: the workspace's settings hold the model.
    useAppStore.setState({ page: 'documents' })
    await userEvent.click(screen.getByRole('button', { name: 'Change the embedding model' }))
    expect(useAppStore.getState().page).toBe('workspaces')
    // Check again asks again.
    api.checkSearch.mockResolvedValue(check({ verdict: 'ok', hybrid: 38, message: 'Hybrid search found 38 of 40 look-ups in its top 5.' }))
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }))
    expect(await screen.findByText('Hybrid search found 38 of 40 look-ups in its top 5.')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Change the embedding model' })).toBeNull()
    expect(api.checkSearch).toHaveBeenCalledTimes(2)
  })

  it('shows keyword-only results without model counts', async () => {
    api.checkSearch.mockResolvedValue(check({ model: '', vector: 0, hybrid: 38, verdict: 'keyword', message: 'Keyword search found 38 of 40 look-ups in its top 5.' }))
    render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    await screen.findByText('Keyword search found 38 of 40 look-ups in its top 5.')
    expect(screen.getByTestId('check-keyword').textContent).toBe('38 of 40')
    expect(screen.queryByTestId('check-vector')).toBeNull()
  })

  it('stops a running check and goes back to the button', async () => {
    let reject: (e: unknown) => void = () => {}
    api.checkSearch.mockImplementation(() => new Promise((_, r) => (reject = r)))
    api.cancelSearchCheck.mockImplementation(async () => reject(new ApiError('canceled', 'the search check was stopped')))
    render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    expect(screen.getByRole('status').textContent).toContain('Asking look-ups')
    // Focus follows each step for keyboard users: Stop, then Check search.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stop' }))
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(api.cancelSearchCheck).toHaveBeenCalledWith('w1')
    expect(await screen.findByRole('button', { name: 'Check search' })).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Check search' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('moves focus to the result when a check run from the keyboard ends', async () => {
    api.checkSearch.mockResolvedValue(check())
    render(<SearchCheckPanel workspaceId="w1" ready />)
    screen.getByRole('button', { name: 'Check search' }).focus()
    await userEvent.keyboard('{Enter}')
    await screen.findByRole('alert')
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Check again' }))
  })

  it('says why a check could not run', async () => {
    api.checkSearch.mockRejectedValue(new ApiError('unavailable', 'embedding model ollama:nomic-embed-text@768 failed: connection refused'))
    render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    expect((await screen.findByRole('alert')).textContent).toContain('connection refused')
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.getByRole('button', { name: 'Check search' })).toBeTruthy()
  })

  it('forgets a result when the workspace changes', async () => {
    api.checkSearch.mockResolvedValue(check())
    const { rerender } = render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    await screen.findByRole('alert')
    rerender(<SearchCheckPanel workspaceId="w2" ready />)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('button', { name: 'Check search' })).toBeTruthy()
    expect(api.cancelSearchCheck).not.toHaveBeenCalled()
  })

  it('stops a running check when the workspace changes, and ignores its late answer', async () => {
    let resolve: (c: SearchCheck) => void = () => {}
    api.checkSearch.mockImplementation(() => new Promise((r) => (resolve = r)))
    const { rerender } = render(<SearchCheckPanel workspaceId="w1" ready />)
    await userEvent.click(screen.getByRole('button', { name: 'Check search' }))
    rerender(<SearchCheckPanel workspaceId="w2" ready />)
    expect(api.cancelSearchCheck).toHaveBeenCalledWith('w1')
    await act(async () => resolve(check()))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('button', { name: 'Check search' })).toBeTruthy()
  })
})
