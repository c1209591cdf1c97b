// Streaming markdown helpers. A streamed answer is split into blocks at blank
// lines outside code fences; finished blocks never change, so their rendering
// is memoised and only the last block re-renders as text arrives.

const fence = /^\s{0,3}(`{3,}|~{3,})/

/** splitBlocks splits markdown at blank lines that are not inside a code fence or math block. */
export function splitBlocks(text: string): string[] {
  const lines = text.split('\n')
  const blocks: string[] = []
  let cur: string[] = []
  let open: string | null = null // the fence marker that opened the current code block
  let math = false
  for (const line of lines) {
    const m = line.match(fence)
    if (m) {
      if (open === null) open = m[1]
      else if (m[1][0] === open[0] && m[1].length >= open.length && line.trim() === m[1]) open = null
    } else if (open === null && line.trim() === '$$') {
      math = !math
    }
    if (open === null && !math && line.trim() === '' && cur.length > 0) {
      blocks.push(cur.join('\n'))
      cur = []
      continue
    }
    cur.push(line)
  }
  if (cur.length > 0) blocks.push(cur.join('\n'))
  return blocks
}

/** closeUnfinished closes a code fence or $$ math block left open mid-stream, so the layout holds. */
export function closeUnfinished(text: string): string {
  let open: string | null = null
  let math = false
  for (const line of text.split('\n')) {
    const m = line.match(fence)
    if (m) {
      if (open === null) open = m[1]
      else if (m[1][0] === open[0] && m[1].length >= open.length && line.trim() === m[1]) open = null
    } else if (open === null && line.trim() === '$$') {
      math = !math
    }
  }
  if (open !== null) return text + (text.endsWith('\n') ? '' : '\n') + open
  if (math) return text + (text.endsWith('\n') ? '' : '\n') + '$$'
  return text
}

/** linkCitations turns [1] style markers into links the renderer shows as citation chips. */
export function linkCitations(text: string, max: number): string {
  if (max <= 0) return text
  return text.replace(/\[(\d{1,2})\](?!\()/g, (all, n: string) => {
    const i = Number(n)
    return i >= 1 && i <= max ? `[\\[${i}\\]](#cite-${i})` : all
  })
}
