import { create } from 'zustand'
import { X } from 'lucide-react'
import { Button } from './button'

export interface Toast {
  id: number
  message: string
  action?: { label: string; run: () => void }
  tone?: 'default' | 'error'
}

interface ToastState {
  toasts: Toast[]
  show: (t: Omit<Toast, 'id'>, ms?: number) => number
  dismiss: (id: number) => void
}

let next = 1

/** useToasts is the small app-wide toast queue (undo offers, errors). */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show: (t, ms = 8000) => {
    const id = next++
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...t, id }] }))
    setTimeout(() => get().dismiss(id), ms)
    return id
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}))

/** Toaster shows the queue in the bottom corner. */
export function Toaster() {
  const { toasts, dismiss } = useToasts()
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-[60] flex flex-col gap-2" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          role="status"
          className={
            'pointer-events-auto flex items-center gap-3 rounded-lg border bg-popover px-4 py-2.5 text-sm shadow-lg ' +
            (t.tone === 'error' ? 'border-destructive/50 text-destructive' : '')
          }
        >
          <span>{t.message}</span>
          {t.action && (
            <Button
              size="sm"
              variant="outline"
              onClick={() => {
                t.action?.run()
                dismiss(t.id)
              }}
            >
              {t.action.label}
            </Button>
          )}
          <button type="button" aria-label="Dismiss" className="opacity-60 hover:opacity-100" onClick={() => dismiss(t.id)}>
            <X className="size-4" />
          </button>
        </div>
      ))}
    </div>
  )
}
