import type { UsageSummary } from '@/api'

export type Metric = 'cost' | 'tokens'
export type Split = 'model' | 'workspace'

export interface Series {
  key: string
  label: string
  values: number[] // one per day
}

/** maxSeries bounds the stacks: the rest are summed as "Other". */
const maxSeries = 8

/**
 * daySeries turns a summary into one series per model or workspace over
 * its days (cost in dollars, or input+output tokens), the biggest first and
 * the smallest folded into "Other".
 */
export function daySeries(s: UsageSummary, split: Split, metric: Metric): Series[] {
  const keyed = split === 'model' ? s.byModel : s.byWorkspace
  const cells = split === 'model' ? s.byDayModel : s.byDayWorkspace
  const value = (t: { costMicros: number; inputTokens: number; outputTokens: number }) =>
    metric === 'cost' ? t.costMicros / 1e6 : t.inputTokens + t.outputTokens
  const order = [...keyed].sort((a, b) => value(b) - value(a) || a.key.localeCompare(b.key))
  const shown = order.slice(0, maxSeries)
  const index = new Map(shown.map((k, i) => [k.key, i]))
  const series: Series[] = shown.map((k) => ({ key: k.key, label: k.name || k.key, values: s.days.map(() => 0) }))
  let other: Series | null = null
  for (const c of cells) {
    const i = index.get(c.key)
    if (i !== undefined) {
      series[i].values[c.day] += value(c)
    } else {
      other ??= { key: '__other', label: 'Other', values: s.days.map(() => 0) }
      other.values[c.day] += value(c)
    }
  }
  return other ? [...series, other] : series
}
