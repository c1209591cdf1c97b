import type * as React from 'react'
import { cn } from '@/lib/utils'

interface SegmentedProps<T extends string> {
  value: T
  options: { value: T; label: string }[]
  onChange: (v: T) => void
  label: string
  /** disabled: every option, while what a change would start is running */
  disabled?: boolean
}

/**
 * Segmented is a small radio group shown as joined buttons. As a radio group
 * it is one Tab stop (the chosen option) and the arrow keys choose.
 */
export function Segmented<T extends string>({ value, options, onChange, label, disabled = false }: SegmentedProps<T>) {
  const chosen = options.findIndex((o) => o.value === value)
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key]
    if (!step || disabled || options.length === 0) return
    e.preventDefault()
    const i = (Math.max(chosen, 0) + step + options.length) % options.length
    onChange(options[i].value)
    e.currentTarget.querySelectorAll<HTMLButtonElement>('[role=radio]')[i]?.focus()
  }
  // w-fit: in a grid (the settings cards' content) an inline-flex box is stretched to the full width otherwise.
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex w-fit rounded-md border bg-muted p-0.5" onKeyDown={onKeyDown}>
      {options.map((o, i) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          tabIndex={i === (chosen < 0 ? 0 : chosen) ? 0 : -1}
          disabled={disabled}
          onClick={() => onChange(o.value)}
          className={cn(
            'rounded px-3 py-1 text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-50',
            value === o.value ? 'bg-background shadow-xs font-medium' : 'text-muted-foreground hover:text-foreground',
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
