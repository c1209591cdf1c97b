/**
 * isNativeWebview tells whether the UI runs inside the desktop app's webview
 * (native dialogs and window file drops work) rather than in a browser
 * against `wails dev` (then files enter as bytes through <input type=file>
 * and HTML5 drops).
 */
export function isNativeWebview(): boolean {
  const w = window as unknown as { chrome?: { webview?: unknown }; webkit?: { messageHandlers?: { external?: unknown } } }
  return !!w.chrome?.webview || !!w.webkit?.messageHandlers?.external
}

/** filesFromDrop collects the files of an HTML5 drop, walking dropped folders (hidden entries skipped). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries: FileSystemEntry[] = []
  for (const item of [...(dt.items ?? [])]) {
    const e = item.kind === 'file' && typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null
    if (e) entries.push(e)
  }
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return [...dt.files]
  const out: File[] = []
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.name.startsWith('.')) return
    if (e.isFile) {
      out.push(await new Promise<File>((resolve, reject) => (e as FileSystemFileEntry).file(resolve, reject)))
      return
    }
    if (!e.isDirectory) return
    const reader = (e as FileSystemDirectoryEntry).createReader()
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
      if (batch.length === 0) break
      for (const c of batch) await walk(c)
    }
  }
  for (const e of entries) await walk(e)
  return out
}
