import type { ArchiveReport } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'

const tableNames: Record<string, string> = {
  workspaces: 'Workspace',
  workspace_settings: 'Settings',
  model_assignments: 'Allowed models',
  param_profiles: 'Parameter profiles',
  prompt_templates: 'Prompt templates',
  chats: 'Chats',
  documents: 'Documents',
  messages: 'Messages',
}

/** reportSummary is the one-line outcome of an import. */
export function reportSummary(r: ArchiveReport): string {
  if (r.added === 0 && r.updated === 0) return `Nothing new: everything in this archive is already here (${r.skipped} items skipped).`
  const parts = [`${r.added} added`]
  if (r.updated) parts.push(`${r.updated} updated`)
  if (r.skipped) parts.push(`${r.skipped} already here`)
  return parts.join(', ') + '.'
}

/** ImportReportDialog tells what an archive import added, skipped and could not resolve. */
export function ImportReportDialog({ report, onOpenChange, onOpen }: { report: ArchiveReport | null; onOpenChange: (open: boolean) => void; onOpen: (workspaceId: string) => void }) {
  const r = report
  return (
    <Dialog open={!!r} onOpenChange={onOpenChange}>
      {r && (
        <DialogContent data-testid="import-report">
          <DialogHeader>
            <DialogTitle>{r.created ? `Imported “${r.workspaceName}”` : `Updated “${r.workspaceName}”`}</DialogTitle>
            <DialogDescription>{reportSummary(r)}</DialogDescription>
          </DialogHeader>
          {r.renamedFrom && (
            <p role="note" aria-label="Renamed" className="text-sm">
              A workspace named “{r.renamedFrom}” was already here, so this one is called “{r.workspaceName}”. Rename it from its actions menu.
            </p>
          )}
          <table className="w-full text-sm" aria-label="What was imported">
            <thead className="text-left text-xs text-muted-foreground">
              <tr>
                <th className="font-medium">What</th>
                <th className="text-right font-medium">Added</th>
                <th className="text-right font-medium">Updated</th>
                <th className="text-right font-medium">Skipped</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {r.tables
                .filter((t) => t.added + t.updated + t.skipped > 0)
                .map((t) => (
                  <tr key={t.table}>
                    <td>{tableNames[t.table] ?? t.table}</td>
                    <td className="text-right">{t.added}</td>
                    <td className="text-right">{t.updated}</td>
                    <td className="text-right">{t.skipped}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="text-xs text-muted-foreground">
            Files: {r.filesAdded} added, {r.filesPresent} already here.
            {r.chunks > 0 && ` ${r.chunks} indexed passages taken over.`}
            {r.reindex > 0 && ` ${r.reindex} ${r.reindex === 1 ? 'document is' : 'documents are'} being indexed.`}
          </p>
          {r.missingModels.length > 0 && (
            <div role="note" className="rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm" data-testid="missing-models">
              <p className="font-medium">Models this computer does not have</p>
              <p className="text-xs text-muted-foreground">Add or enable a provider that offers them; nothing was replaced by a guess.</p>
              <ul className="mt-1 list-disc pl-5 font-mono text-xs">
                {r.missingModels.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          {r.missingFiles.length > 0 && (
            <p className="text-xs text-muted-foreground">{r.missingFiles.length} files were missing on the exporting computer and are not included.</p>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button onClick={() => onOpen(r.workspaceId)}>Open workspace</Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  )
}
