import type { BackupProgress, ProviderKey } from '@/api'

/** formatBytes writes a size the way a person reads it. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

/** progressText says where a backup, check or restore is. */
export function progressText(p: BackupProgress | null): string {
  // Before the first event (a restore derives its key from the passphrase
  // first) nothing is known yet: not "snapshot", which only a backup takes.
  if (!p || p.stage === 'starting') return 'Starting…'
  if (p.stage === 'snapshot') return 'Taking a snapshot of the database…'
  if (p.stage === 'check') return 'Checking the restored database…'
  const what = p.op === 'backup' ? 'Writing' : 'Checking'
  return `${what} ${formatBytes(p.done)} of ${formatBytes(p.total)}`
}

/** progressPercent is the bar's value. */
export function progressPercent(p: BackupProgress | null): number {
  return p && p.total > 0 ? (100 * p.done) / p.total : 0
}

/** keysSentence names the providers whose API key must be entered again. */
export function keysSentence(ps: ProviderKey[]): string {
  if (ps.length === 0) return 'No provider needs an API key.'
  const names = ps.map((p) => (p.keyEnv ? `${p.name} (or set ${p.keyEnv})` : p.name))
  return `API keys are not in backups. Enter the key again for: ${names.join(', ')}.`
}

/** secretsSentence names the other secrets a restore elsewhere needs entered again ('' for none). */
export function secretsSentence(secrets: string[] | undefined): string {
  if (!secrets || secrets.length === 0) return ''
  return `Also not in backups, kept in the system keychain: ${secrets.join('; ')}.`
}

export function when(ms: number): string {
  return ms > 0 ? new Date(ms).toLocaleString() : 'never'
}
