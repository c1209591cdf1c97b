import type { Preset, Provider, TestResult } from '@/api'

/** keyStatusText says where a provider's key comes from, never the key. */
export function keyStatusText(p: Pick<Provider, 'key' | 'keyEnv'>): string {
  switch (p.key?.source) {
    case 'keychain':
      return p.key.hint && p.key.hint !== 'set' ? `Key in keychain ${p.key.hint}` : 'Key in keychain'
    case 'env':
      return `Key from $${p.keyEnv}`
    default:
      return 'No key'
  }
}

/** testResultText is the one line "Test connection" shows. */
export function testResultText(r: TestResult): string {
  if (!r.ok) return r.error || 'The connection failed.'
  return `OK · ${r.latencyMs} ms · ${r.models} ${r.models === 1 ? 'model' : 'models'}`
}

/** formatBytes: 1536 → "1.5 KB" (decimal units, as download sizes are shown). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0 B'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000
    i++
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`
}

/** formatContext: 8192 → "8K", 1048576 → "1M". */
export function formatContext(n: number): string {
  if (!n) return ''
  if (n >= 1_000_000) return `${+(n / 1_048_576).toFixed(1)}M`
  if (n >= 1000) return `${Math.round(n / 1024)}K`
  return String(n)
}

/** percent of a download, 0–100. */
export function percent(completed: number, total: number): number {
  if (!total) return 0
  return Math.min(100, Math.floor((completed / total) * 100))
}

export function presetName(presets: Preset[], id: string): string {
  return presets.find((p) => p.id === id)?.displayName ?? id
}

/** keyApplies: whether the add/edit form offers an API key field up front. */
export function keyIsOptional(p: Pick<Preset, 'keyRequired' | 'local'>): boolean {
  return !p.keyRequired && p.local
}
