import { useId, useState } from 'react'
import { errorMessage, type Template } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { EditorFooter } from './EditorFooter'
import { ScopeField } from './ScopeField'
import { useModelsStore } from './store'
import { templateVariables } from './templateVars'

interface TemplateEditorProps {
  open: boolean
  template: Template | null
  onOpenChange: (open: boolean) => void
  /** Called with the saved template. */
  onSaved?: (t: Template) => void
}

/** TemplateEditor writes a prompt template and shows its {{variables}} as they are typed. */
export function TemplateEditor({ open, template, onOpenChange, onSaved }: TemplateEditorProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{template ? `Edit ${template.name}` : 'New template'}</DialogTitle>
          <DialogDescription>
            Write <code className="font-mono">{'{{name}}'}</code> where a value goes; it is asked for when the template is used.
          </DialogDescription>
        </DialogHeader>
        {open && (
          <TemplateForm
            key={template?.id ?? 'new'}
            template={template}
            onDone={(t) => {
              onOpenChange(false)
              if (t) onSaved?.(t)
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}

function TemplateForm({ template, onDone }: { template: Template | null; onDone: (t?: Template) => void }) {
  const id = useId()
  const workspaceId = useWorkspaceStore((s) => s.currentId)
  const [name, setName] = useState(template?.name ?? '')
  const [body, setBody] = useState(template?.body ?? '')
  const [personal, setPersonal] = useState(!template?.workspaceId)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const vars = templateVariables(body)

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!name.trim()) return setError('Give the template a name')
    if (!body.trim()) return setError('Write the template’s text')
    setBusy(true)
    setError('')
    try {
      const t = await useModelsStore.getState().saveTemplate({
        id: template?.id ?? '',
        workspaceId: personal ? '' : template?.workspaceId || workspaceId,
        name: name.trim(),
        body,
        variables: vars,
        updatedAt: template?.updatedAt ?? 0,
      })
      onDone(t)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="grid gap-4" onSubmit={save} aria-label="Template" noValidate>
      <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="Summarise, Translate…" />
        </div>
        <ScopeField personal={personal} onChange={setPersonal} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-body`}>Text</Label>
        <Textarea
          id={`${id}-body`}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={8}
          spellCheck={false}
          className="font-mono text-xs leading-relaxed"
          placeholder={'Summarise the following {{kind}} in {{words}} words:\n\n{{text}}'}
        />
      </div>
      <div className="grid gap-1.5" aria-live="polite">
        <span className="text-sm font-medium leading-none">Variables</span>
        {vars.length ? (
          <ul aria-label="Variables" className="flex flex-wrap gap-1.5">
            {vars.map((v) => (
              <li key={v}>
                <Badge variant="secondary" className="font-mono">
                  {v}
                </Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted-foreground">None yet.</p>
        )}
      </div>
      <EditorFooter error={error} busy={busy} saveLabel="Save template" onCancel={() => onDone()} />
    </form>
  )
}
