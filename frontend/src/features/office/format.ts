/** tokens: 1234567 → "1,234,567" (exact counts: an admin compares them; the Usage page's are compact). */
export function tokens(n: number): string {
  return n.toLocaleString('en-US')
}

/** when writes a unix-ms time in the person's locale. */
export function when(ms: number): string {
  return ms ? new Date(ms).toLocaleString() : ''
}

/** dayStart is local midnight of a YYYY-MM-DD date input, in unix ms. */
export function dayStart(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number)
  return new Date(y, m - 1, d).getTime()
}

/** dayEnd is local midnight after a YYYY-MM-DD date input, in unix ms: the end of that day, 23 or 25 hours after its start when clocks change. */
export function dayEnd(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number)
  return new Date(y, m - 1, d + 1).getTime()
}

/** MiB in bytes, the unit quotas are typed in. */
export const MiB = 1 << 20

/** binBytes writes storage in the binary units quotas are set in: 536870912 → "512 MiB", 1073741824 → "1 GiB". */
export function binBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${+(bytes / (1024 * MiB)).toFixed(2)} GiB`
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`
  return `${+(bytes / 1024).toFixed(1)} KiB`
}
