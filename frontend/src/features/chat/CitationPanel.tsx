import { useEffect, useRef } from 'react'
import { ExternalLink, FileText, X } from 'lucide-react'
import type { Citation } from '@/api'
import { Button } from '@/components/ui/button'
import { openOutside } from './links'

/** CitationPanel shows the passage a citation points at: chunk text, file and page. At most 45% wide, so a small window keeps the chat readable. */
export function CitationPanel({ citation, onClose, onOpenFile }: { citation: Citation; onClose: () => void; onOpenFile?: (c: Citation) => void }) {
  // The keyboard goes to the source opened and back to where it was (the chip) when it closes.
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null
    closeRef.current?.focus()
    return () => {
      if (back?.isConnected) back.focus()
    }
  }, [])
  return (
    <aside
      className="flex w-96 max-w-[45%] shrink-0 flex-col border-l bg-card"
      aria-label="Source"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onClose()
        }
      }}
    >
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <span className="rounded bg-primary/15 px-1.5 text-xs font-semibold text-primary">{citation.n}</span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium" data-testid="citation-file">
            {citation.documentName}
          </div>
          {citation.page > 0 && <div className="text-xs text-muted-foreground">Page {citation.page}</div>}
          {citation.url && <div className="truncate text-xs text-muted-foreground" title={citation.url}>{citation.url}</div>}
        </div>
        <button ref={closeRef} type="button" aria-label="Close source" title="Close (Esc)" onClick={onClose} className="rounded p-1 hover:bg-accent">
          <X className="size-4" />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto whitespace-pre-wrap px-4 py-3 text-sm leading-relaxed" data-testid="citation-text">
        {citation.text}
      </div>
      {/* A web page an imported answer cited opens in the browser; it has no file here. */}
      {citation.url ? (
        <footer className="border-t p-3">
          <Button variant="outline" size="sm" onClick={() => openOutside(citation.url!)}>
            <ExternalLink /> Open page
          </Button>
        </footer>
      ) : (
        onOpenFile &&
        citation.documentId && (
          <footer className="border-t p-3">
            <Button variant="outline" size="sm" onClick={() => onOpenFile(citation)}>
              <FileText /> Open file
            </Button>
          </footer>
        )
      )}
    </aside>
  )
}
