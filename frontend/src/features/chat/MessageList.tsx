import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer, type Rect, type VirtualItem } from '@tanstack/react-virtual'
import { ArrowDown } from 'lucide-react'
import type { Message } from '@/api'
import type { Streams } from './streamReducer'
import { MessageItem } from './MessageItem'
import { toolRows } from './toolRows'

interface Props {
  chatId: string
  messages: Message[]
  hasMore: boolean
  streams: Streams
  focusMessageId: string | null
  /** Grows when the user sends, edits or regenerates: the list goes to the end to show it, wherever the reader was. */
  follow: number
  editingId: string | null
  /** An answer of this chat is being written: the other messages' actions wait (MessageItem's locked). */
  busy: boolean
  setEditingId: (id: string | null) => void
  /** Resolves true when a page of older messages was added. */
  onLoadOlder: () => Promise<boolean>
  onRegenerate: (id: string) => void
  onEdit: (id: string, content: string) => Promise<boolean>
  onSwitch: (id: string) => void
  onDelete: (id: string) => void
  onCite: (m: Message, n: number) => void
}

const ESTIMATE = 140 // px, a message before it is measured
const OVERSCAN = 3 // messages drawn beyond the view on either side

/** afterPaint runs f once the next frame has been painted; it returns a canceller. */
function afterPaint(f: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(f, 0)
  })
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

// The list has the same size from one chat to the next: a new list starts
// with the last one's, so its first render already covers the view.
let lastRect: Rect | null = null

// Measured heights of messages by id, kept when a list closes (the newest
// last, at most SIZES of them): a chat opened again starts with its messages'
// real sizes, so its first render holds just what is in view.
const SIZES = 2000
const sizes = new Map<string, number>()

function rememberSizes(items: VirtualItem[]) {
  for (const it of items) {
    const id = String(it.key)
    sizes.delete(id)
    sizes.set(id, it.size)
  }
  for (const id of sizes.keys()) {
    if (sizes.size <= SIZES) break
    sizes.delete(id)
  }
}

/**
 * initialOffset is where a new list starts, from its messages' known or
 * estimated sizes: the end (the last `height` pixels), or a search hit in the
 * middle of the view. Without a known height it is the end itself, which the
 * virtualiser clamps to the last view.
 */
export function initialOffset(itemSizes: number[], focusIndex: number, height: number): number {
  if (focusIndex >= 0) {
    const start = itemSizes.slice(0, focusIndex).reduce((a, b) => a + b, 0)
    return Math.max(0, start - (height - (itemSizes[focusIndex] ?? 0)) / 2)
  }
  return Math.max(0, itemSizes.reduce((a, b) => a + b, 0) - height)
}

/**
 * MessageList renders the branch shown, virtualised so a chat of thousands of
 * messages opens at once. It is keyed by chat: a chat opens with a new list
 * whose first render already holds the newest messages (or the search hit),
 * so nothing is drawn, measured and scrolled away first.
 */
export function MessageList(p: Props) {
  // A tool call and its output are one row (one card): indices below are rows.
  const rows = useMemo(() => toolRows(p.messages), [p.messages])
  // The row of a message; a tool output is found in its call's row.
  const focusRow = (id: string | null) => (id ? rows.findIndex((r) => r.message.id === id || r.output?.id === id) : -1)
  const scrollRef = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const prevCount = useRef(rows.length)
  const prevFirst = useRef<string | undefined>(rows[0]?.message.id)
  const anchor = useRef<{ id: string; offset: number } | null>(null)
  // The reader scrolled up from the end: a button takes them back.
  const [away, setAway] = useState(false)
  const [start] = useState(() => {
    const known: VirtualItem[] = []
    const itemSizes = rows.map(({ message: m }, index) => {
      const size = sizes.get(m.id)
      if (size === undefined) return ESTIMATE
      known.push({ key: m.id, index, size, start: 0, end: 0, lane: 0 })
      return size
    })
    const focusIndex = focusRow(p.focusMessageId)
    return { known, offset: initialOffset(itemSizes, focusIndex, lastRect?.height ?? 0) }
  })
  // The first screen draws only the messages in view; the ones just above it
  // (drawn ahead for scrolling) follow once that screen is painted.
  const [overscan, setOverscan] = useState(0)
  useEffect(() => afterPaint(() => setOverscan(OVERSCAN)), [])

  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    overscan,
    getItemKey: (i) => rows[i].message.id,
    // Start where the reader will look: at the end (or around a search hit),
    // in the view size of the list before. Anchored to the end, the list stays
    // there while the messages are measured and while the last one grows.
    anchorTo: 'end',
    // Sizes and positions go straight to the DOM, before the scroll position
    // is written: measuring the first messages needs no second render.
    directDomUpdates: true,
    initialRect: lastRect ?? undefined,
    initialOffset: start.offset,
    initialMeasurementsCache: start.known,
    onChange: (inst) => {
      if (inst.scrollRect && inst.scrollRect.height > 0) lastRect = inst.scrollRect
    },
  })

  // Keep the sizes measured here for the next time the chat opens.
  useEffect(() => () => rememberSizes(v.takeSnapshot()), [v])

  // A search hit: bring it to the middle of the view, when the list opens on
  // it or another hit in this chat is opened. Leaving a hit for the chat
  // itself goes back to its newest message (the list opens there).
  const opened = useRef(false)
  useLayoutEffect(() => {
    const i = focusRow(p.focusMessageId)
    if (i >= 0) {
      atBottom.current = false
      v.scrollToIndex(i, { align: 'center' })
    } else if (opened.current && rows.length > 0) {
      atBottom.current = true
      v.scrollToIndex(rows.length - 1, { align: 'end' })
    }
    opened.current = true
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a newly opened hit scrolls; new rows must not move the reader back to it
  }, [p.focusMessageId])

  // Keep the view where it was when older messages are prepended; follow the
  // end when new ones arrive and the reader was at the bottom.
  useLayoutEffect(() => {
    const first = rows[0]?.message.id
    if (prevFirst.current && first !== prevFirst.current && anchor.current) {
      const i = rows.findIndex((r) => r.message.id === anchor.current!.id)
      if (i >= 0) v.scrollToIndex(i, { align: 'start' })
    } else if (rows.length !== prevCount.current && atBottom.current && rows.length > 0) {
      v.scrollToIndex(rows.length - 1, { align: 'end' })
    }
    prevFirst.current = first
    prevCount.current = rows.length
    anchor.current = null
  }, [rows, v])

  // Older messages, kept in view by the anchor (the first message shown).
  // A page that did not come (an error, said above the list) lets go of the
  // anchor, so scrolling up asks again.
  const onLoadOlder = p.onLoadOlder
  const first = p.messages[0]?.id ?? ''
  const loadOlder = useCallback(() => {
    anchor.current = { id: first, offset: 0 }
    void onLoadOlder().then((added) => {
      if (!added && anchor.current?.id === first) anchor.current = null
    })
  }, [first, onLoadOlder])

  // A page that does not fill the view cannot be scrolled up: fetch older
  // messages until it does (or there are none).
  useEffect(() => {
    const el = scrollRef.current
    if (!el || !p.hasMore || anchor.current || el.clientHeight === 0) return
    if (el.scrollHeight - el.clientHeight < 200) loadOlder()
  }, [p.messages, p.hasMore, loadOlder])

  // The user's own message (or an answer asked for again) is shown even if they had scrolled up.
  const toEnd = useCallback(() => {
    atBottom.current = true
    setAway(false)
    if (rows.length > 0) v.scrollToIndex(rows.length - 1, { align: 'end' })
  }, [rows.length, v])
  const followed = useRef(p.follow)
  useLayoutEffect(() => {
    if (followed.current === p.follow) return
    followed.current = p.follow
    toEnd()
  }, [p.follow, toEnd])

  // Streaming text grows the last message: stay at the bottom if the reader is there.
  const streamSize = Object.values(p.streams).reduce((n, s) => (s.chatId === p.chatId ? n + s.text.length + s.thinking.length : n), 0)
  useEffect(() => {
    const el = scrollRef.current
    if (el && atBottom.current) el.scrollTop = el.scrollHeight
  }, [streamSize])

  // Where the last scroll event left the view: a move up that leaves more
  // below is the reader's, and lets go of the end even within the margin
  // (a touchpad scrolls a few pixels at a time, and the next delta would pull
  // it back). A message above measured anew moves the view but not its
  // distance from the end.
  const last = useRef({ top: 0, below: 0 })
  const onScroll = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    const below = el.scrollHeight - el.scrollTop - el.clientHeight
    const up = el.scrollTop < last.current.top && below > last.current.below
    last.current = { top: el.scrollTop, below }
    atBottom.current = !up && below < 80
    setAway(!atBottom.current)
    if (el.scrollTop < 200 && p.hasMore && !anchor.current) loadOlder()
  }, [p.hasMore, loadOlder])

  const items = v.getVirtualItems()
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto" data-testid="message-list">
        <div ref={v.containerRef} className="relative mx-auto w-full max-w-3xl px-6">
          {items.map((it) => {
            const { message: m, output } = rows[it.index]
            return (
              <div
                key={it.key}
                data-index={it.index}
                ref={v.measureElement}
                className="absolute left-0 right-0 top-0 px-6 py-3"
              >
                <MessageItem
                  message={m}
                  toolOutput={output}
                  stream={p.streams[m.id]}
                  editing={p.editingId === m.id}
                  locked={p.busy}
                  setEditing={p.setEditingId}
                  onRegenerate={p.onRegenerate}
                  onEdit={p.onEdit}
                  onSwitch={p.onSwitch}
                  onDelete={p.onDelete}
                  onCite={p.onCite}
                />
              </div>
            )
          })}
        </div>
      </div>
      {away && (
        <button
          type="button"
          onClick={toEnd}
          aria-label="Jump to latest"
          title="Jump to latest"
          className="absolute bottom-3 left-1/2 z-10 flex -translate-x-1/2 items-center gap-1 rounded-full border bg-background px-3 py-1 text-xs shadow-sm hover:bg-accent"
        >
          <ArrowDown className="size-3.5" /> Latest
        </button>
      )}
    </div>
  )
}
