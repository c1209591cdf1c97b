import { LoaderCircle } from 'lucide-react'
import type { ServerTool } from '@/api'
import { Badge } from '@/components/ui/badge'
import type { ToolList } from './store'

/** ToolHints: the annotations a server gives a tool, as badges. */
export function ToolHints({ readOnly, destructive }: { readOnly: boolean; destructive: boolean }) {
  return (
    <>
      {readOnly && <Badge variant="secondary">read-only</Badge>}
      {destructive && !readOnly && <Badge variant="destructive">destructive</Badge>}
    </>
  )
}

/** ServerTools lists an opened server's tools with their hints; failed: its status already says why there are none. */
export function ServerTools({ list, failed = false }: { list: ToolList | undefined; failed?: boolean }) {
  if (!list || (list.loading && !list.tools)) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <LoaderCircle className="size-4 animate-spin" /> Starting the server to list its tools…
      </p>
    )
  }
  if (list.error && failed) return <p className="text-sm text-muted-foreground">Its tools cannot be listed while it fails (see above).</p>
  if (list.error) {
    return (
      <p role="alert" className="text-sm text-destructive">
        {list.error}
      </p>
    )
  }
  const tools = list.tools ?? []
  if (tools.length === 0) return <p className="text-sm text-muted-foreground">This server offers no tools.</p>
  return (
    <ul className="grid gap-1.5" aria-label="Tools of this server">
      {tools.map((t: ServerTool) => (
        <li key={t.name} className="rounded-md border px-3 py-2">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm">{t.name}</span>
            {t.title && t.title !== t.name && <span className="text-sm text-muted-foreground">{t.title}</span>}
            <ToolHints readOnly={t.readOnly} destructive={t.destructive} />
            {t.name.startsWith('bookbag_') && <Badge variant="outline">plugin hook</Badge>}
          </div>
          {t.description && <p className="mt-0.5 text-xs text-muted-foreground">{t.description}</p>}
        </li>
      ))}
    </ul>
  )
}
