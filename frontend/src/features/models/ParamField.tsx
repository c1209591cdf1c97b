import { Ban } from 'lucide-react'
import type { ParamSupport } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'
import type { ParamKey } from './profileForm'

interface ParamFieldProps {
  id: string
  param: ParamKey
  label: string
  hint?: string
  support: ParamSupport | null
  /** The model the support was checked against, for the note. */
  modelName: string
  hasValue: boolean
  error?: string
  children: React.ReactNode
}

/** fieldDescription: the ids that describe a parameter's input. */
export const fieldDescription = (id: string, error?: string) => (error ? `${id}-hint ${id}-error` : `${id}-hint`)

/**
 * ParamField frames one parameter of a profile. When the checked model does
 * not take it, the field is greyed out with the provider's reason; a value
 * already given stays in the profile (other models may use it) and the field
 * says it will not be sent.
 */
export function ParamField({ id, param, label, hint, support, modelName, hasValue, error, children }: ParamFieldProps) {
  const s = support?.[param]
  const applies = !s || s.supported
  return (
    <div
      className="grid content-start gap-1.5"
      data-param={param}
      data-applicable={applies ? 'true' : 'false'}
    >
      {/* The label and the control fade; the badge and the reason stay readable (faded muted text is 2.6:1). */}
      <div className="flex items-center gap-2">
        <Label htmlFor={id} className={cn(!applies && 'line-through decoration-muted-foreground/60 opacity-60')}>
          {label}
        </Label>
        {!applies && (
          <Badge variant="outline" className="text-[10px]">
            <Ban className="size-3" /> Not applicable
          </Badge>
        )}
      </div>
      <div className={cn('grid', !applies && 'opacity-60')}>{children}</div>
      <div id={`${id}-hint`} className="text-xs text-muted-foreground">
        {!applies ? (
          <p>
            {s?.note ? s.note.charAt(0).toUpperCase() + s.note.slice(1) : 'Not taken by this model'}.
            {hasValue && <span className="text-foreground"> Kept in the profile, but not sent to {modelName}.</span>}
          </p>
        ) : s?.note ? (
          <p>{s.note.charAt(0).toUpperCase() + s.note.slice(1)}.</p>
        ) : (
          hint && <p>{hint}</p>
        )}
      </div>
      {error && (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      )}
    </div>
  )
}
