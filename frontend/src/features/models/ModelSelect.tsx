import type { Model } from '@/api'
import { NativeSelect } from '@/components/ui/native-select'
import { findModel } from './ref'

interface ModelSelectProps extends Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  models: Model[]
  value: string
  onChange: (ref: string) => void
  /** The label of the empty choice. */
  none: string
}

/**
 * ModelSelect picks a model by its portable ref, grouped by provider. A value
 * that is not among the models (its provider is off or gone) stays visible as
 * "not available" instead of silently turning into another choice.
 */
export function ModelSelect({ models, value, onChange, none, ...props }: ModelSelectProps) {
  const groups = new Map<string, Model[]>()
  const seen = new Set<string>()
  for (const m of models) {
    if (seen.has(m.ref)) continue
    seen.add(m.ref)
    const g = groups.get(m.providerName) ?? []
    g.push(m)
    groups.set(m.providerName, g)
  }
  // A ref naming a provider whose entry has another ref now runs on that entry.
  const shown = (value && findModel(models, value)?.ref) || value
  return (
    <NativeSelect value={shown} onChange={(e) => onChange(e.target.value)} {...props}>
      <option value="">{none}</option>
      {shown && !seen.has(shown) && <option value={shown}>{shown} (not available)</option>}
      {[...groups].map(([provider, ms]) => (
        <optgroup key={provider} label={provider}>
          {ms.map((m) => (
            <option key={m.ref} value={m.ref}>
              {m.displayName && m.displayName !== m.name ? `${m.displayName} (${m.name})` : m.name}
            </option>
          ))}
        </optgroup>
      ))}
    </NativeSelect>
  )
}
