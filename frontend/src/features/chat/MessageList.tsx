import { useCallback, useEffect, useLayoutEffect, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { Message } from '@/api'
import type { Streams } from './streamReducer'
import { MessageItem } from './MessageItem'

interface Props {
  chatId: string
  messages: Message[]
  hasMore: boolean
  streams: Streams
  focusMessageId: string | null
  editingId: string | null
  setEditingId: (id: string | null) => void
  onLoadOlder: () => Promise<void>
  onRegenerate: (id: string) => void
  onEdit: (id: string, content: string) => Promise<boolean>
  onSwitch: (id: string) => void
  onDelete: (id: string) => void
  onCite: (m: Message, n: number) => void
}

/** MessageList renders the branch shown, virtualised so a chat of thousands of messages opens at once. */
export function MessageList(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const prevCount = useRef(0)
  const prevFirst = useRef<string | undefined>(undefined)
  const anchor = useRef<{ id: string; offset: number } | null>(null)

  const v = useVirtualizer({
    count: p.messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 140,
    overscan: 3,
    getItemKey: (i) => p.messages[i].id,
  })

  // Open at the newest message, or at a search hit.
  useLayoutEffect(() => {
    atBottom.current = true
    prevCount.current = 0
    const i = p.focusMessageId ? p.messages.findIndex((m) => m.id === p.focusMessageId) : -1
    if (i >= 0) {
      atBottom.current = false
      v.scrollToIndex(i, { align: 'center' })
    } else if (p.messages.length > 0) {
      v.scrollToIndex(p.messages.length - 1, { align: 'end' })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.chatId, p.focusMessageId])

  // Keep the view where it was when older messages are prepended; follow the
  // end when new ones arrive and the reader was at the bottom.
  useLayoutEffect(() => {
    const first = p.messages[0]?.id
    if (prevFirst.current && first !== prevFirst.current && anchor.current) {
      const i = p.messages.findIndex((m) => m.id === anchor.current!.id)
      if (i >= 0) v.scrollToIndex(i, { align: 'start' })
    } else if (p.messages.length !== prevCount.current && atBottom.current && p.messages.length > 0) {
      v.scrollToIndex(p.messages.length - 1, { align: 'end' })
    }
    prevFirst.current = first
    prevCount.current = p.messages.length
    anchor.current = null
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.messages])

  // A page that does not fill the view cannot be scrolled up: fetch older
  // messages until it does (or there are none).
  useEffect(() => {
    const el = scrollRef.current
    if (!el || !p.hasMore || anchor.current || el.clientHeight === 0) return
    if (el.scrollHeight - el.clientHeight < 200) {
      anchor.current = { id: p.messages[0]?.id ?? '', offset: 0 }
      void p.onLoadOlder()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.messages, p.hasMore])

  // Streaming text grows the last message: stay at the bottom if the reader is there.
  const streamSize = Object.values(p.streams).reduce((n, s) => (s.chatId === p.chatId ? n + s.text.length + s.thinking.length : n), 0)
  useEffect(() => {
    const el = scrollRef.current
    if (el && atBottom.current) el.scrollTop = el.scrollHeight
  }, [streamSize])

  const onScroll = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80
    if (el.scrollTop < 200 && p.hasMore && !anchor.current) {
      anchor.current = { id: p.messages[0]?.id ?? '', offset: 0 }
      void p.onLoadOlder()
    }
  }, [p])

  const items = v.getVirtualItems()
  return (
    <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto" data-testid="message-list">
      <div className="relative mx-auto w-full max-w-3xl px-6" style={{ height: v.getTotalSize() }}>
        {items.map((it) => {
          const m = p.messages[it.index]
          return (
            <div
              key={it.key}
              data-index={it.index}
              ref={v.measureElement}
              className="absolute left-0 right-0 px-6 py-3"
              style={{ transform: `translateY(${it.start}px)` }}
            >
              <MessageItem
                message={m}
                stream={p.streams[m.id]}
                editing={p.editingId === m.id}
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
  )
}
