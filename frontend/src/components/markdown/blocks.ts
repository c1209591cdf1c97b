// Streaming markdown helpers. A streamed answer is split into blocks at blank
// lines outside code fences; finished blocks never change, so their rendering
// is memoised and only the last block re-renders as text arrives.

const fence = /^\s{0,3}(`{3,}|~{3,})/

/** nextFence is the code fence open after a fence line, given the one open before it (null: none). */
function nextFence(open: string | null, line: string): string | null {
  const m = line.match(fence)
  if (!m) return open
  if (open === null) return m[1]
  return m[1][0] === open[0] && m[1].length >= open.length && line.trim() === m[1] ? null : open
}

/** splitBlocks splits markdown at blank lines that are not inside a code fence or math block. */
export function splitBlocks(text: string): string[] {
  const lines = text.split('\n')
  const blocks: string[] = []
  let cur: string[] = []
  let open: string | null = null // the fence marker that opened the current code block
  let math = false
  for (const line of lines) {
    if (fence.test(line)) open = nextFence(open, line)
    else if (open === null && line.trim() === '$$') math = !math
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
    if (fence.test(line)) open = nextFence(open, line)
    else if (open === null && line.trim() === '$$') math = !math
  }
  if (open !== null) return text + (text.endsWith('\n') ? '' : '\n') + open
  if (math) return text + (text.endsWith('\n') ? '' : '\n') + '$$'
  return text
}

// A citation marker as models write it: [1], grouped [1, 2] or [1,2; 4],
// ranged [1-3] or [1–3] ([1][2] is two markers); not [2](url), a link.
const citeGroup = /\[(\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*)\](?!\()/g

/** citeNumbers is the sources one item of a marker ("2" or "1-3") cites, or null when any is out of range or the range runs backwards. */
function citeNumbers(item: string, max: number): number[] | null {
  const ends = item.split(/\s*[-–—]\s*/).map(Number)
  const [lo, hi] = [ends[0], ends[ends.length - 1]]
  if (lo < 1 || hi > max || (ends.length === 2 && lo >= hi)) return null
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}

/**
 * linkCitations turns [1] style markers into links the renderer shows as
 * citation chips, one per number: [1, 2] and [1-3] become adjacent chips.
 * Numbers out of range stay text, and code is left as written: `a[1]` in a
 * code span or fence is an index, not a source.
 */
export function linkCitations(text: string, max: number): string {
  if (max <= 0) return text
  const link = (prose: string) =>
    prose.replace(citeGroup, (all, inner: string) => {
      let linked = false
      const out = inner.split(/[,;]/).map((raw) => {
        const item = raw.trim()
        const nums = citeNumbers(item, max)
        if (!nums) return `\\[${item}\\]`
        linked = true
        return nums.map((n) => `[\\[${n}\\]](#cite-${n})`).join('')
      })
      return linked ? out.join('') : all
    })
  let open: string | null = null // the fence marker of the code block the line is in
  return text
    .split('\n')
    .map((line) => {
      if (fence.test(line)) {
        open = nextFence(open, line)
        return line
      }
      return open === null ? outsideCodeSpans(line, link) : line
    })
    .join('\n')
}

/** outsideCodeSpans applies fn to the parts of a line that are not inline code (a run of backticks up to the next run as long). */
function outsideCodeSpans(line: string, fn: (prose: string) => string): string {
  let out = ''
  let i = 0
  for (;;) {
    const start = line.indexOf('`', i)
    if (start < 0) return out + fn(line.slice(i))
    let end = start
    while (line[end] === '`') end++
    const ticks = line.slice(start, end)
    const close = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g')
    close.lastIndex = end
    const c = close.exec(line)
    if (!c) {
      out += fn(line.slice(i, end)) // an unmatched run is text
      i = end
      continue
    }
    out += fn(line.slice(i, start)) + line.slice(start, c.index + ticks.length)
    i = c.index + ticks.length
  }
}
