import { describe, expect, it } from 'vitest'
import { usageSummary } from '@/test/fakeApi'
import { daySeries } from './chartData'

const t = (costMicros: number, inputTokens = 0, outputTokens = 0) => ({ calls: 1, inputTokens, outputTokens, cachedTokens: 0, costMicros, unpricedCalls: 0 })

describe('daySeries', () => {
  it('puts each model on its days, biggest first, in dollars or tokens', () => {
    const s = usageSummary({
      days: ['2026-03-01', '2026-03-02', '2026-03-03'],
      byModel: [
        { key: 'a:small', name: 'a:small', ...t(1_000_000, 10, 5) },
        { key: 'a:big', name: 'a:big', ...t(3_500_000, 1, 1) },
      ],
      byDayModel: [
        { day: 0, key: 'a:big', ...t(2_000_000, 1, 0) },
        { day: 2, key: 'a:big', ...t(1_500_000, 0, 1) },
        { day: 1, key: 'a:small', ...t(1_000_000, 10, 5) },
      ],
    })
    expect(daySeries(s, 'model', 'cost')).toEqual([
      { key: 'a:big', label: 'a:big', values: [2, 0, 1.5] },
      { key: 'a:small', label: 'a:small', values: [0, 1, 0] },
    ])
    // By tokens the order follows tokens.
    expect(daySeries(s, 'model', 'tokens')).toEqual([
      { key: 'a:small', label: 'a:small', values: [0, 15, 0] },
      { key: 'a:big', label: 'a:big', values: [1, 0, 1] },
    ])
  })

  it('names workspaces and folds all but the eight biggest into Other', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `w${i}`)
    const s = usageSummary({
      days: ['2026-03-01'],
      byWorkspace: keys.map((k, i) => ({ key: k, name: `Space ${i}`, ...t((10 - i) * 1_000_000) })),
      byDayWorkspace: keys.map((k, i) => ({ day: 0, key: k, ...t((10 - i) * 1_000_000) })),
    })
    const series = daySeries(s, 'workspace', 'cost')
    expect(series.map((x) => x.label)).toEqual(['Space 0', 'Space 1', 'Space 2', 'Space 3', 'Space 4', 'Space 5', 'Space 6', 'Space 7', 'Other'])
    expect(series[8].values).toEqual([2 + 1])
  })
})
