import { useState } from 'react'
import { FileText, Pencil, Play, Plus, Trash2 } from 'lucide-react'
import { errorMessage, type Template } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { TemplateEditor } from './TemplateEditor'
import { TemplateTry } from './TemplateTry'
import { useModelsStore } from './store'

/** TemplatesTab lists prompt templates: personal ones and this workspace's. */
export function TemplatesTab() {
  const templates = useModelsStore((s) => s.templates)
  const loaded = useModelsStore((s) => s.loaded)
  const [editing, setEditing] = useState<Template | null>(null)
  const [open, setOpen] = useState(false)
  const [trying, setTrying] = useState<Template | null>(null)
  const [deleting, setDeleting] = useState<Template | null>(null)
  const [error, setError] = useState('')

  const edit = (t: Template | null) => {
    setEditing(t)
    setOpen(true)
  }
  const remove = async (t: Template) => {
    setError('')
    try {
      await useModelsStore.getState().deleteTemplate(t.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-3">
        <p className="max-w-xl text-sm text-muted-foreground">
          Reusable prompts with <code className="font-mono">{'{{variables}}'}</code>, filled in from a small form when you use them in a chat.
        </p>
        <Button onClick={() => edit(null)}>
          <Plus /> New template
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {loaded && templates.length === 0 && (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-10 text-center text-sm text-muted-foreground">
          <FileText className="size-8" />
          No templates yet.
        </div>
      )}
      <ul aria-label="Templates" className="grid gap-2">
        {templates.map((t) => (
          <li key={t.id}>
            <Card role="article" aria-label={t.name} className="flex items-center gap-3 p-4">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="truncate font-medium">{t.name}</h3>
                  <Badge variant="outline">{t.workspaceId ? 'This workspace' : 'Every workspace'}</Badge>
                  {(t.variables ?? []).map((v) => (
                    <Badge key={v} variant="secondary" className="font-mono">
                      {v}
                    </Badge>
                  ))}
                </div>
                <p className="mt-1 truncate font-mono text-xs text-muted-foreground">{t.body.replace(/\s+/g, ' ')}</p>
              </div>
              <Button variant="outline" size="sm" onClick={() => setTrying(t)}>
                <Play /> Try it
              </Button>
              <Button variant="ghost" size="sm" onClick={() => edit(t)}>
                <Pencil /> Edit
              </Button>
              <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setDeleting(t)}>
                <Trash2 /> Delete
              </Button>
            </Card>
          </li>
        ))}
      </ul>
      <TemplateEditor open={open} template={editing} onOpenChange={setOpen} />
      <TemplateTry template={trying} onClose={() => setTrying(null)} />
      <Confirm
        open={deleting != null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete the template ${deleting?.name ?? ''}?`}
        description="It disappears from the template picker in every chat that could use it."
        confirmLabel="Delete template"
        destructive
        onConfirm={() => deleting && void remove(deleting)}
      />
    </div>
  )
}
