import { describe, expect, it } from 'vitest'
import { dollars, presetRange, toMicros, tokens, usdInput } from './format'

describe('format', () => {
  it('shows dollars from micro-USD', () => {
    expect(dollars(0)).toBe('$0.00')
    expect(dollars(1_234_567)).toBe('$1.23')
    expect(dollars(4200)).toBe('$0.0042')
    expect(dollars(12_345_000_000)).toBe('$12,345.00')
  })

  it('reads dollars typed by the user', () => {
    expect(toMicros('2.5')).toBe(2_500_000)
    expect(toMicros('$0.001')).toBe(1000)
    expect(toMicros('')).toBe(0)
    expect(toMicros('ten')).toBeNaN()
    expect(toMicros('-1')).toBeNaN()
    expect(usdInput(2_500_000)).toBe('2.5')
    expect(usdInput(0)).toBe('')
  })

  it('counts tokens compactly', () => {
    expect(tokens(999)).toBe('999')
    expect(tokens(1234)).toBe('1.2k')
    expect(tokens(45_600)).toBe('46k')
    expect(tokens(4_500_000)).toBe('4.5M')
  })

  it('gives this month and the last 30 days in local days', () => {
    const today = new Date(2026, 2, 15, 23, 30) // 15 March, late evening
    expect(presetRange('month', today)).toEqual({ from: '2026-03-01', to: '2026-03-15' })
    expect(presetRange('30d', today)).toEqual({ from: '2026-02-14', to: '2026-03-15' })
  })
})
