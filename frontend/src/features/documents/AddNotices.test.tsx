import { describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { AddNotices, QUIET_MS } from './AddNotices'
import type { AddNotice } from './store'

const many = (kind: AddNotice['kind'], n: number, reason: string): AddNotice[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${kind}-${i}.pdf`, kind, reason }))

describe('AddNotices', () => {
  it('lists a few problems, folds the rest behind "Show N more", and counts many duplicates in one line', async () => {
    const notices = [...many('added', 2, ''), ...many('refused', 30, 'not a PDF file'), ...many('duplicate', 4000, 'already added: the same content is here')]
    const { rerender } = render(<AddNotices notices={notices} onDismiss={vi.fn()} />)
    expect(screen.getByTestId('add-notices')).toHaveTextContent('Added 2 files to the queue')
    expect(screen.getByTestId('notice-duplicates')).toHaveTextContent(`${(4000).toLocaleString()} files already added`)
    expect(screen.queryAllByTestId('notice-duplicate')).toHaveLength(0)
    const list = screen.getByRole('list', { name: 'Files refused, not added, duplicate or retried' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(8)
    await userEvent.click(screen.getByRole('button', { name: 'Show 22 more' }))
    expect(within(list).getAllByRole('listitem')).toHaveLength(30)
    expect(screen.queryByRole('button', { name: /Show .* more/ })).toBeNull()
    // The next add starts folded again.
    rerender(<AddNotices notices={[...many('failed', 10, 'permission denied')]} onDismiss={vi.fn()} />)
    expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(8)
    expect(screen.getByRole('button', { name: 'Show 2 more' })).toBeInTheDocument()
  })

  it('lists a few duplicates by name', () => {
    render(<AddNotices notices={many('duplicate', 3, 'already added: the same content is here')} onDismiss={vi.fn()} />)
    expect(screen.getAllByTestId('notice-duplicate')).toHaveLength(3)
    expect(screen.queryByTestId('notice-duplicates')).toBeNull()
    expect(screen.getByTestId('add-notices')).toHaveTextContent('Nothing new was added')
  })

  it('says a stop while the folder was read added nothing of it', () => {
    render(<AddNotices notices={[{ name: '', kind: 'stopped', reason: 'stopped before they were copied in', count: 0 }]} onDismiss={vi.fn()} />)
    expect(screen.getByTestId('notice-stopped')).toHaveTextContent('Stopped: while the folder was being read; nothing of it was added')
  })

  it('counts a retried document as added and says which it was', () => {
    render(<AddNotices notices={[{ name: 'b.txt', kind: 'retried', reason: 'same content as "a.txt", which had failed: queued again under this name' }]} onDismiss={vi.fn()} />)
    expect(screen.getByTestId('add-notices')).toHaveTextContent('Added 1 file to the queue')
    expect(screen.getByTestId('notice-retried')).toHaveTextContent('b.txt retried: same content as "a.txt"')
  })

  it('goes by itself when every file was added and there is nothing to read, and stays while pointed at or when a file had a problem', () => {
    vi.useFakeTimers()
    try {
      const onDismiss = vi.fn()
      const { rerender } = render(<AddNotices notices={many('added', 3, '')} onDismiss={onDismiss} />)
      fireEvent.mouseEnter(screen.getByTestId('add-notices'))
      act(() => vi.advanceTimersByTime(QUIET_MS * 3))
      expect(onDismiss).not.toHaveBeenCalled()
      fireEvent.mouseLeave(screen.getByTestId('add-notices'))
      act(() => vi.advanceTimersByTime(QUIET_MS))
      expect(onDismiss).toHaveBeenCalledOnce()

      const problems = vi.fn()
      rerender(<AddNotices notices={[...many('added', 2, ''), ...many('refused', 1, 'not a PDF file')]} onDismiss={problems} />)
      act(() => vi.advanceTimersByTime(QUIET_MS * 3))
      expect(problems).not.toHaveBeenCalled()
    } finally {
      vi.useRealTimers()
    }
  })
})
