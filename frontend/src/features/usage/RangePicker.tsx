import { Input } from '@/components/ui/input'
import { Segmented } from '@/components/ui/segmented'
import type { RangePreset } from './format'
import { useUsageStore } from './store'

/** RangePicker chooses the days the page sums: this month, the last 30 days, or two dates. */
export function RangePicker() {
  const { preset, from, to, setPreset, setCustom } = useUsageStore()
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Segmented<RangePreset>
        label="Date range"
        value={preset}
        options={[
          { value: 'month', label: 'This month' },
          { value: '30d', label: 'Last 30 days' },
          { value: 'custom', label: 'Custom' },
        ]}
        onChange={(p) => (p === 'custom' ? void setCustom(from, to) : void setPreset(p))}
      />
      {preset === 'custom' && (
        <>
          <Input type="date" aria-label="From" className="w-40" value={from} max={to} onChange={(e) => void setCustom(e.target.value, to)} />
          <span className="text-muted-foreground">to</span>
          <Input type="date" aria-label="To" className="w-40" value={to} min={from} onChange={(e) => void setCustom(from, e.target.value)} />
        </>
      )}
    </div>
  )
}
