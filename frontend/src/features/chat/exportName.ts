/** exportFileName suggests a file name for a chat's export: the title without
 * characters file systems refuse, at most 80 characters, cut between
 * characters (an emoji is never split into a broken half). Leading dots would
 * hide the file on macOS and Linux, and Windows refuses device names (CON,
 * NUL, COM1…) whatever their extension, so those are avoided too. */
export function exportFileName(title: string, format: 'markdown' | 'json'): string {
  const clean = title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim()
  let base = Array.from(clean).slice(0, 80).join('')
  base = base.replace(/^[\s.]+|[\s.]+$/g, '') || 'chat'
  if (windowsDevice.test(base.split('.')[0].trim())) base += ' chat'
  return `${base}.${format === 'json' ? 'json' : 'md'}`
}

const windowsDevice = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i
