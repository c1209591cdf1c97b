import { describe, expect, it } from 'vitest'
import { rangeOf } from './range'

const midnight = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime()
const now = new Date(2026, 11, 7, 15, 30)

describe('rangeOf', () => {
  it('includes the last typed day, in local days', () => {
    expect(rangeOf('custom', now, '2026-12-01', '2026-12-03')).toEqual({ from: midnight(2026, 12, 1), to: midnight(2026, 12, 4) })
    expect(rangeOf('month', now, '', '')).toEqual({ from: midnight(2026, 12, 1), to: midnight(2026, 12, 8) })
  })

  it('takes the other day for a cleared date input, and today for two', () => {
    // An empty From was NaN, sent as null: the server then reported the 30
    // days before To while the page showed no start.
    expect(rangeOf('custom', now, '', '2026-12-03')).toEqual({ from: midnight(2026, 12, 3), to: midnight(2026, 12, 4) })
    expect(rangeOf('custom', now, '2026-12-02', '')).toEqual({ from: midnight(2026, 12, 2), to: midnight(2026, 12, 3) })
    expect(rangeOf('custom', now, '', '')).toEqual({ from: midnight(2026, 12, 7), to: midnight(2026, 12, 8) })
  })
})
