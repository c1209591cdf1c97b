import { useId, useState } from 'react'
import { Check, Copy, LoaderCircle, Play } from 'lucide-react'
import { errorMessage, modelsApi, type Template } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'

/** TemplateTry fills a template's variables from a small form and previews the result. */
export function TemplateTry({ template, onClose }: { template: Template | null; onClose: () => void }) {
  return (
    <Dialog open={template != null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Try {template?.name}</DialogTitle>
          <DialogDescription>Fill in the variables to see the prompt as it will be sent.</DialogDescription>
        </DialogHeader>
        {template && <TryForm key={template.id} template={template} />}
      </DialogContent>
    </Dialog>
  )
}

function TryForm({ template }: { template: Template }) {
  const id = useId()
  const vars = template.variables ?? []
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(vars.map((v) => [v, ''])))
  const [preview, setPreview] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [copied, setCopied] = useState(false)

  const render = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      setPreview(await modelsApi.renderTemplate(template.id, values))
      setCopied(false)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const copy = async () => {
    if (preview == null) return
    try {
      await navigator.clipboard.writeText(preview)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }

  return (
    <form className="grid gap-4" onSubmit={render} aria-label="Try it">
      {vars.length === 0 && <p className="text-sm text-muted-foreground">This template has no variables.</p>}
      <div className="grid gap-3 sm:grid-cols-2">
        {vars.map((v, i) => (
          <div key={v} className="grid gap-1.5">
            <Label htmlFor={`${id}-${i}`} className="font-mono">
              {v}
            </Label>
            <Input id={`${id}-${i}`} value={values[v] ?? ''} onChange={(e) => setValues((x) => ({ ...x, [v]: e.target.value }))} />
          </div>
        ))}
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={busy}>
          {busy ? <LoaderCircle className="animate-spin" /> : <Play />} Preview
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {preview != null && (
        <div className="grid gap-1.5">
          <div className="flex items-center justify-between">
            <span className="text-sm font-medium">Preview</span>
            <Button variant="ghost" size="sm" onClick={() => void copy()}>
              {copied ? <Check /> : <Copy />} {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <pre
            aria-label="Preview"
            className="max-h-72 overflow-auto whitespace-pre-wrap rounded-lg border bg-muted/40 p-3 font-mono text-xs leading-relaxed"
          >
            {preview}
          </pre>
        </div>
      )}
    </form>
  )
}
