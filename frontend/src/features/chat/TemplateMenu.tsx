import { useEffect, useState } from 'react'
import { FileText } from 'lucide-react'
import { errorMessage, modelsApi, type Template } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useWorkspaceStore } from '@/features/workspaces/store'

/** TemplateMenu inserts a prompt template into the composer, asking for its {{variables}} first. */
export function TemplateMenu({ onInsert }: { onInsert: (text: string) => void }) {
  const ws = useWorkspaceStore((s) => s.currentId)
  const [templates, setTemplates] = useState<Template[]>([])
  const [chosen, setChosen] = useState<Template | null>(null)
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState('')

  const load = () => void modelsApi.listTemplates(ws).then(setTemplates, () => setTemplates([]))
  useEffect(load, [ws])

  const use = async (t: Template) => {
    if (t.variables.length === 0) {
      onInsert(t.body)
      return
    }
    setValues(Object.fromEntries(t.variables.map((v) => [v, ''])))
    setError('')
    setChosen(t)
  }
  const insert = async () => {
    if (!chosen) return
    try {
      onInsert(await modelsApi.renderTemplate(chosen.id, values))
      setChosen(null)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <>
      <DropdownMenu onOpenChange={(o) => o && load()}>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Insert a prompt template" title="Prompt templates">
            <FileText />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="max-h-80 overflow-y-auto">
          <DropdownMenuLabel>Prompt templates</DropdownMenuLabel>
          {templates.length === 0 && <p className="px-2 py-1.5 text-xs text-muted-foreground">None yet: add some on the Models page.</p>}
          {templates.map((t) => (
            <DropdownMenuItem key={t.id} onSelect={() => void use(t)}>
              {t.name}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={chosen !== null} onOpenChange={(o) => !o && setChosen(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{chosen?.name}</DialogTitle>
            <DialogDescription>Fill in the template.</DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault()
              void insert()
            }}
          >
            {chosen?.variables.map((v, i) => (
              <div key={v} className="grid gap-1.5">
                <Label htmlFor={`tv-${i}`}>{v}</Label>
                <Input id={`tv-${i}`} autoFocus={i === 0} value={values[v] ?? ''} onChange={(e) => setValues({ ...values, [v]: e.target.value })} />
              </div>
            ))}
            {error && <p className="text-sm text-destructive">{error}</p>}
            <DialogFooter>
              <Button type="submit">Insert</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  )
}
