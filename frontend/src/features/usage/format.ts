// Money arrives in micro-USD (millionths of a dollar); days as YYYY-MM-DD in
// the user's zone.

/** dollars formats micro-USD: cents, or four decimals below a cent. */
export function dollars(micros: number): string {
  const d = micros / 1e6
  if (micros !== 0 && Math.abs(micros) < 10_000) return `$${d.toFixed(4)}`
  return `$${d.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** toMicros reads a dollar amount typed by the user; NaN when it is not one. */
export function toMicros(text: string): number {
  const t = text.trim().replace(/^\$/, '')
  if (t === '') return 0
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return NaN
  return Math.round(Number(t) * 1e6)
}

/** usdInput shows micro-USD in an input: plain dollars, no trailing zeros. */
export function usdInput(micros: number): string {
  return micros === 0 ? '' : String(micros / 1e6)
}

/** tokens formats a token count compactly (12.3k, 4.5M). */
export function tokens(n: number): string {
  if (n < 1000) return String(n)
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`
  return `${(n / 1_000_000).toFixed(1)}M`
}

/** timeZone is the webview's IANA zone: days are bucketed in it. */
export function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** isoDay formats a local date as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export type RangePreset = 'month' | '30d' | 'custom'

/** presetRange gives the first and last day of a preset on the day `today`. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: Date): { from: string; to: string } {
  if (preset === 'month') return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDay(today) }
  return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)), to: isoDay(today) }
}
