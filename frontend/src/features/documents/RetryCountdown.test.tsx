import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RetryCountdown } from './RetryCountdown'

describe('RetryCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('counts down each second to the next try, then says it is trying', () => {
    render(<RetryCountdown at={Date.now() + 3_000} />)
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', next try in 3 s')
    act(() => vi.advanceTimersByTime(1_000))
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', next try in 2 s')
    act(() => vi.advanceTimersByTime(2_000))
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', trying again')
    // Nothing left to count: no timer keeps running.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('starts again from a new retry time', () => {
    const { rerender } = render(<RetryCountdown at={Date.now() + 1_000} />)
    act(() => vi.advanceTimersByTime(1_000))
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', trying again')
    const at = Date.now() + 8_000
    rerender(<RetryCountdown key={at} at={at} />)
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', next try in 8 s')
    act(() => vi.advanceTimersByTime(1_000))
    expect(screen.getByTestId('retry-countdown')).toHaveTextContent(', next try in 7 s')
  })
})
