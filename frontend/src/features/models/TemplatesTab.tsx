import { useState } from 'react'
import { FileText, Play } from 'lucide-react'
import type { Template } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { ListEditor } from './ListEditor'
import { TemplateEditor } from './TemplateEditor'
import { TemplateTry } from './TemplateTry'
import { useModelsStore } from './store'

/** TemplatesTab lists prompt templates: personal ones and this workspace's. */
export function TemplatesTab() {
  const templates = useModelsStore((s) => s.templates)
  const loaded = useModelsStore((s) => s.loaded)
  const [trying, setTrying] = useState<Template | null>(null)
  return (
    <ListEditor
      noun="template"
      label="Templates"
      intro={
        <>
          Reusable prompts with <code className="font-mono">{'{{variables}}'}</code>, filled in from a small form when you use them in a chat.
        </>
      }
      items={templates}
      loaded={loaded}
      empty={{ icon: FileText, text: 'No templates yet.' }}
      badges={(t) =>
        (t.variables ?? []).map((v) => (
          <Badge key={v} variant="secondary" className="font-mono">
            {v}
          </Badge>
        ))
      }
      detail={(t) => t.body.replace(/\s+/g, ' ')}
      detailClassName="font-mono"
      actions={(t) => (
        <Button variant="outline" size="sm" onClick={() => setTrying(t)}>
          <Play /> Try it
        </Button>
      )}
      editor={({ open, item, onOpenChange }) => <TemplateEditor open={open} template={item} onOpenChange={onOpenChange} />}
      deleteDescription="It disappears from the template picker in every chat that could use it."
      onDelete={(t) => useModelsStore.getState().deleteTemplate(t.id)}
    >
      <TemplateTry template={trying} onClose={() => setTrying(null)} />
    </ListEditor>
  )
}
