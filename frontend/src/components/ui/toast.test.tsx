import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Toaster, useToasts } from './toast'

beforeEach(() => {
  vi.useFakeTimers()
  useToasts.setState({ toasts: [], timers: {} })
})
afterEach(() => vi.useRealTimers())

describe('Toaster', () => {
  it('keeps an undo offer while the pointer or focus is on it, then lets it go', () => {
    render(<Toaster />)
    act(() => void useToasts.getState().show({ message: 'Deleted “Plans”', action: { label: 'Undo', run: () => {} } }, 8000))
    const toast = screen.getByRole('status')
    fireEvent.mouseEnter(toast)
    act(() => vi.advanceTimersByTime(20_000))
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument()

    fireEvent.mouseLeave(toast)
    act(() => screen.getByRole('button', { name: 'Undo' }).focus())
    act(() => vi.advanceTimersByTime(20_000))
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument()

    act(() => screen.getByRole('button', { name: 'Undo' }).blur())
    act(() => vi.advanceTimersByTime(8000))
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('goes by itself when nobody touches it', () => {
    render(<Toaster />)
    act(() => void useToasts.getState().show({ message: 'Saved' }, 8000))
    expect(screen.getByText('Saved')).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(8000))
    expect(screen.queryByText('Saved')).toBeNull()
  })

  it('announces an error at once and the rest politely', () => {
    render(<Toaster />)
    act(() => void useToasts.getState().show({ message: 'Could not save the profile', tone: 'error' }))
    act(() => void useToasts.getState().show({ message: 'Saved' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save the profile')
    expect(screen.getByRole('status')).toHaveTextContent('Saved')
  })

  it('jumps to the newest notification with Alt+T, and Escape or Undo puts focus back', () => {
    const undo = vi.fn()
    render(
      <>
        <textarea aria-label="Message" />
        <Toaster />
      </>,
    )
    const box = screen.getByRole('textbox', { name: 'Message' })
    box.focus()
    fireEvent.keyDown(window, { key: 't', code: 'KeyT', altKey: true })
    expect(box).toHaveFocus() // no toast: the key is left alone

    act(() => void useToasts.getState().show({ message: 'Saved' }))
    act(() => void useToasts.getState().show({ message: 'Deleted “Plans”', action: { label: 'Undo', run: undo } }))
    expect(screen.getByRole('region', { name: 'Notifications (Alt+T)' })).toBeInTheDocument()
    fireEvent.keyDown(window, { key: '†', code: 'KeyT', altKey: true })
    expect(screen.getByRole('button', { name: 'Undo' })).toHaveFocus()
    act(() => vi.advanceTimersByTime(20_000))
    expect(screen.getByText('Deleted “Plans”')).toBeInTheDocument() // held while focused

    fireEvent.keyDown(screen.getByRole('button', { name: 'Undo' }), { key: 'Escape' })
    expect(screen.queryByText('Deleted “Plans”')).toBeNull()
    expect(undo).not.toHaveBeenCalled()
    expect(box).toHaveFocus()

    act(() => void useToasts.getState().show({ message: 'Archived “Q3”', action: { label: 'Undo', run: undo } }))
    fireEvent.keyDown(window, { key: 't', code: 'KeyT', altKey: true })
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }))
    expect(undo).toHaveBeenCalledOnce()
    expect(box).toHaveFocus()
  })
})
