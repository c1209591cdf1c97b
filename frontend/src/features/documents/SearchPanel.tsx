import { useState, type ReactNode } from 'react'
import { ExternalLink, LoaderCircle, Search, X } from 'lucide-react'
import type { Source } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { formatScore } from './format'
import type { SearchState } from './store'

interface Props {
  search: SearchState
  disabled?: boolean
  onSearch: (q: string) => void
  /** ask again for the 50 best chunks, whatever the workspace's top-k and minimum relevance */
  onShowAll: () => void
  onClear: () => void
  onOpen: (documentId: string) => void
}

/** SearchPanel asks the index directly: the chunks a question retrieves, with their scores. */
export function SearchPanel({ search, disabled, onSearch, onShowAll, onClear, onOpen }: Props) {
  const [q, setQ] = useState(search.query)
  const r = search.result
  return (
    <section className="flex flex-col gap-3" aria-label="Search the index">
      <form
        className="flex gap-2"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          onSearch(q)
        }}
      >
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search your documents: what would a chat retrieve?"
            aria-label="Search documents"
            className="pl-8"
            disabled={disabled}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={disabled || !q.trim() || search.loading}>
          {search.loading ? <LoaderCircle className="animate-spin" /> : <Search />}
          Search
        </Button>
        {(r || search.error) && (
          <Button
            variant="ghost"
            size="icon"
            aria-label="Clear search"
            onClick={() => {
              setQ('')
              onClear()
            }}
          >
            <X />
          </Button>
        )}
      </form>
      {search.error && (
        <p className="text-sm text-destructive" role="alert">
          {search.error}
        </p>
      )}
      {r && (
        <div className="flex flex-col gap-2" data-testid="search-results">
          <p className="text-xs text-muted-foreground" data-testid="search-summary">
            {r.hits.length} {r.hits.length === 1 ? 'chunk' : 'chunks'} in {r.tookMs} ms · {r.mode === 'hybrid' ? 'hybrid (keywords + vectors)' : 'keywords only'}
            {search.all ? ' · the 50 best, whatever their relevance' : ' · what a chat gets (top-k and minimum relevance)'}
            {r.note && <span> · {r.note}</span>}
            {!search.all && (
              <button type="button" className="ml-2 text-primary hover:underline" onClick={onShowAll} disabled={search.loading}>
                Show more
              </button>
            )}
          </p>
          {r.hits.length === 0 && <p className="text-sm text-muted-foreground">Nothing in your documents matches “{search.query}”.</p>}
          <ol className="flex flex-col gap-2" aria-label="Retrieved chunks">
            {r.hits.map((h) => (
              <Hit key={h.chunkId} hit={h} query={search.query} onOpen={onOpen} />
            ))}
          </ol>
        </div>
      )}
    </section>
  )
}

function Hit({ hit, query, onOpen }: { hit: Source; query: string; onOpen: (id: string) => void }) {
  const [open, setOpen] = useState(false)
  return (
    <li className="rounded-lg border bg-card px-4 py-3" data-testid="search-hit">
      <div className="flex items-center gap-2">
        <span className="rounded bg-primary/15 px-1.5 text-xs font-semibold text-primary">{hit.ordinal}</span>
        <span className="min-w-0 truncate text-sm font-medium" data-testid="hit-file">
          {hit.documentName}
        </span>
        {hit.page > 0 && <span className="shrink-0 text-xs text-muted-foreground">page {hit.page}</span>}
        <span className="flex-1" />
        <dl className="flex shrink-0 gap-3 text-xs tabular-nums" data-testid="hit-scores">
          <Score id="relevance" label="Relevance" value={formatScore(hit.relevance)} strong title="How much of the question this passage matches (0–1); the minimum relevance applies to it" />
          <Score id="score" label="Rank" value={formatScore(hit.score)} title="Fused rank score: 1 is first in every list" />
          <Score id="bm25" label="BM25" value={formatScore(hit.bm25, 2)} />
          <Score id="vector" label="Vector" value={formatScore(hit.vector)} title="Cosine similarity" />
        </dl>
        <Button variant="ghost" size="icon" aria-label={`Open ${hit.documentName}`} title="Open the file" onClick={() => onOpen(hit.documentId)}>
          <ExternalLink />
        </Button>
      </div>
      <p className={'mt-2 whitespace-pre-wrap text-sm leading-relaxed text-foreground/90 ' + (open ? '' : 'line-clamp-4')} data-testid="hit-text">
        {highlight(hit.text, query)}
      </p>
      {hit.text.length > 320 && (
        <button type="button" className="mt-1 text-xs text-primary hover:underline" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show the whole chunk'}
        </button>
      )}
    </li>
  )
}

function Score({ id, label, value, strong, title }: { id: string; label: string; value: string; strong?: boolean; title?: string }) {
  return (
    <div className="flex items-baseline gap-1" title={title}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={strong ? 'font-semibold' : ''} data-testid={`score-${id}`}>
        {value}
      </dd>
    </div>
  )
}

/** highlight marks the query's words (3+ letters) in a chunk. */
export function highlight(text: string, query: string): ReactNode {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])]
  if (words.length === 0) return text
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu')
  const parts = text.split(re)
  return parts.map((p, i) => (i % 2 === 1 ? <mark key={i} className="rounded-sm bg-warning/30 text-inherit">{p}</mark> : p))
}
