/** exportFileName suggests a file name for a chat's export: the title without
 * characters file systems refuse, at most 80 characters, cut between
 * characters (an emoji is never split into a broken half). */
export function exportFileName(title: string, format: 'markdown' | 'json'): string {
  const clean = title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim()
  const base = Array.from(clean).slice(0, 80).join('').trim() || 'chat'
  return `${base}.${format === 'json' ? 'json' : 'md'}`
}
