import type { Preset } from '@/api'
import { PresetBadge } from './PresetBadge'

const groups: { title: string; match: (p: Preset) => boolean }[] = [
  { title: 'Cloud', match: (p) => !p.local && p.id !== 'custom' },
  { title: 'On this computer or your network', match: (p) => p.local || p.id === 'custom' },
]

function subtitle(p: Preset): string {
  if (p.id === 'custom') return 'Any OpenAI-compatible server'
  try {
    return new URL(p.baseUrl).host
  } catch {
    return ''
  }
}

/** PresetPicker is the first step of adding a provider: a grid of known kinds. */
export function PresetPicker({ presets, onPick }: { presets: Preset[]; onPick: (p: Preset) => void }) {
  if (presets.length === 0) return <p className="text-sm text-muted-foreground">Loading provider types…</p>
  return (
    <div className="grid gap-4">
      {groups.map((g) => {
        const items = presets.filter(g.match)
        if (items.length === 0) return null
        return (
          <section key={g.title} aria-label={g.title} className="grid gap-2">
            <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{g.title}</h3>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {items.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  aria-label={p.displayName}
                  title={`${p.displayName} · ${subtitle(p)}`}
                  onClick={() => onPick(p)}
                  className="flex items-center gap-3 rounded-lg border bg-card p-2.5 text-left transition-colors hover:border-primary/50 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <PresetBadge preset={p.id} name={p.displayName} />
                  {/* Names wrap rather than end in an ellipsis: at three columns "Custom OpenAI-compatible" and Gemini's host did not fit. */}
                  <span className="min-w-0">
                    <span className="block text-sm font-medium wrap-anywhere">{p.displayName}</span>
                    <span className="block text-xs text-muted-foreground wrap-anywhere">{subtitle(p)}</span>
                  </span>
                </button>
              ))}
            </div>
          </section>
        )
      })}
    </div>
  )
}
