import type { OfficeUsageRow } from '@/api'

export interface UsageTotal {
  key: string
  label: string
  calls: number
  inputTokens: number
  outputTokens: number
  costMicros: number
}

/** totalsBy sums report rows by a key (member, model…), biggest cost first. */
export function totalsBy(rows: OfficeUsageRow[], key: (r: OfficeUsageRow) => string, label: (r: OfficeUsageRow) => string): UsageTotal[] {
  const m = new Map<string, UsageTotal>()
  for (const r of rows) {
    const k = key(r)
    const t = m.get(k) ?? { key: k, label: label(r), calls: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 }
    t.calls += r.calls
    t.inputTokens += r.inputTokens
    t.outputTokens += r.outputTokens
    t.costMicros += r.costMicros
    m.set(k, t)
  }
  return [...m.values()].sort((a, b) => b.costMicros - a.costMicros || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.label.localeCompare(b.label))
}
