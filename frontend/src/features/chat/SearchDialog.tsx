import { useEffect, useRef, useState } from 'react'
import { Search } from 'lucide-react'
import { chatApi, errorMessage, type SearchHit } from '@/api'
import { Dialog, DialogContent, DialogTitle } from '@/components/ui/dialog'
import { useAppStore } from '@/features/app/store'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { imeKey } from './ime'
import { useChatStore } from './store'

const MARK_START = '\uE000'
const MARK_END = '\uE001'

/** Snippet renders a search snippet, highlighting the matched words (never as HTML). */
export function Snippet({ text }: { text: string }) {
  const parts: React.ReactNode[] = []
  let rest = text
  let i = 0
  while (rest.length > 0) {
    const s = rest.indexOf(MARK_START)
    if (s < 0) {
      parts.push(rest)
      break
    }
    const e = rest.indexOf(MARK_END, s)
    if (e < 0) {
      parts.push(rest.replaceAll(MARK_START, ''))
      break
    }
    parts.push(rest.slice(0, s))
    parts.push(
      <mark key={i++} className="rounded bg-warning/40 px-0.5 text-foreground">
        {rest.slice(s + 1, e)}
      </mark>,
    )
    rest = rest.slice(e + 1)
  }
  return <>{parts}</>
}

/** plain is a snippet's text without its highlight marks. */
function plain(snippet: string) {
  return snippet.replaceAll(MARK_START, '').replaceAll(MARK_END, '')
}

/** SearchDialog searches every message (Ctrl+K) and opens a result at its message. */
export function SearchDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const [q, setQ] = useState('')
  const [all, setAll] = useState(false)
  const [hits, setHits] = useState<SearchHit[]>([])
  const [error, setError] = useState('')
  const [active, setActive] = useState(0)
  const wsId = useWorkspaceStore((s) => s.currentId)
  const openAt = useChatStore((s) => s.openAt)
  const navigate = useAppStore((s) => s.navigate)
  const seq = useRef(0)
  // The query whose answer is shown: until it matches, the search is still running.
  const [answered, setAnswered] = useState('')
  const asked = `${all}\n${q.trim()}`
  const searching = q.trim() !== '' && answered !== asked && !error
  const items = useRef<(HTMLButtonElement | null)[]>([])
  useEffect(() => {
    items.current[active]?.scrollIntoView?.({ block: 'nearest' })
  }, [active])

  useEffect(() => {
    if (!open) return
    const mine = ++seq.current
    const t = setTimeout(() => {
      if (q.trim() === '') {
        setHits([])
        return
      }
      chatApi
        .search({ query: q, workspaceId: all ? '' : wsId, limit: 30, offset: 0 })
        .then((h) => {
          if (mine === seq.current) {
            setHits(h)
            setActive(0)
            setError('')
            setAnswered(`${all}\n${q.trim()}`)
          }
        })
        .catch((e) => mine === seq.current && setError(errorMessage(e)))
    }, 120)
    return () => clearTimeout(t)
  }, [q, all, wsId, open])

  const choose = (h: SearchHit) => {
    onOpenChange(false)
    navigate('chats')
    if (h.workspaceId !== wsId) useWorkspaceStore.getState().setCurrent(h.workspaceId)
    void openAt(h.messageId)
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="top-[15%] max-w-2xl translate-y-0 gap-0 p-0">
        <DialogTitle className="sr-only">Search chats</DialogTitle>
        <div className="flex items-center gap-2 border-b px-4">
          <Search className="size-4 text-muted-foreground" />
          <input
            autoFocus
            aria-label="Search chats"
            placeholder="Search all messages…"
            value={q}
            onChange={(e) => {
              setQ(e.target.value)
              setError('')
            }}
            onKeyDown={(e) => {
              if (imeKey(e)) return // the input method's own keys: a candidate picked, not a result
              if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1))
              if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
              if (e.key === 'Enter' && hits[active]) choose(hits[active])
            }}
            className="h-12 flex-1 bg-transparent text-sm outline-none"
          />
          <label className="mr-8 flex items-center gap-1.5 text-xs text-muted-foreground">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All workspaces
          </label>
        </div>
        {/* The arrow keys move a highlight, not the focus: say what it is on. */}
        <p className="sr-only" aria-live="polite" data-testid="search-active">
          {hits[active] ? `${active + 1} of ${hits.length}: ${hits[active].chatTitle || 'New chat'}, ${plain(hits[active].snippet)}` : ''}
        </p>
        <ul className="max-h-[60vh] overflow-y-auto p-2" aria-label="Search results">
          {error && <li className="p-3 text-sm text-destructive">{error}</li>}
          {searching && hits.length === 0 && (
            <li className="p-3 text-sm text-muted-foreground" role="status">
              Searching…
            </li>
          )}
          {q.trim() !== '' && !searching && hits.length === 0 && !error && <li className="p-3 text-sm text-muted-foreground">No messages match.</li>}
          {hits.map((h, i) => (
            <li key={h.messageId}>
              <button
                type="button"
                ref={(el) => {
                  items.current[i] = el
                }}
                onClick={() => choose(h)}
                onMouseEnter={() => setActive(i)}
                aria-current={i === active ? 'true' : undefined}
                className={`flex w-full flex-col gap-0.5 rounded-md px-3 py-2 text-left text-sm ${i === active ? 'bg-accent' : ''}`}
              >
                <span className="flex items-center gap-2 text-xs text-muted-foreground">
                  <span className="font-medium text-foreground">{h.chatTitle || 'New chat'}</span>
                  <span>{h.role === 'user' ? 'You' : 'Answer'}</span>
                  <span>{new Date(h.createdAt).toLocaleDateString()}</span>
                </span>
                <span className="line-clamp-2">
                  <Snippet text={h.snippet} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      </DialogContent>
    </Dialog>
  )
}
