import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { Segmented } from '@/components/ui/segmented'
import type { RangePreset } from './format'
import { useUsageStore } from './store'
import { useWorkspaceStore } from '@/features/workspaces/store'

/** RangePicker chooses the days the page sums (this month, the last 30 days, or two dates), one workspace or all, and one model or all. */
export function RangePicker() {
  const { preset, from, to, workspaceId, model, models, setPreset, setCustom, setWorkspace, setModel } = useUsageStore()
  const workspaces = useWorkspaceStore((s) => s.workspaces)
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
      <NativeSelect aria-label="Workspace" className="w-52" value={workspaceId} onChange={(e) => void setWorkspace(e.target.value)}>
        <option value="">All workspaces</option>
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect aria-label="Model" className="w-60" value={model} onChange={(e) => void setModel(e.target.value)}>
        <option value="">All models</option>
        {(models.includes(model) || !model ? models : [model, ...models]).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </NativeSelect>
    </div>
  )
}
