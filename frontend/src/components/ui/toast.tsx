import { useEffect, useRef } from 'react'
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
  /** hold keeps a toast while the pointer or focus is on it (an Undo must not vanish under the hand). */
  hold: (id: number) => void
  /** release lets a held toast go after its time again. */
  release: (id: number) => void
  // the pending dismissal of each toast, and how long it shows
  timers: Record<number, { timer?: ReturnType<typeof setTimeout>; ms: number }>
}

let next = 1

/** useToasts is the small app-wide toast queue (undo offers, errors). */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  timers: {},
  show: (t, ms = 8000) => {
    const id = next++
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...t, id }], timers: { ...s.timers, [id]: { ms } } }))
    get().release(id)
    return id
  },
  dismiss: (id) => {
    clearTimeout(get().timers[id]?.timer)
    set((s) => {
      const timers = { ...s.timers }
      delete timers[id]
      return { toasts: s.toasts.filter((t) => t.id !== id), timers }
    })
  },
  hold: (id) => {
    const t = get().timers[id]
    if (!t) return
    clearTimeout(t.timer)
    set((s) => ({ timers: { ...s.timers, [id]: { ms: t.ms } } }))
  },
  release: (id) => {
    const t = get().timers[id]
    if (!t) return
    clearTimeout(t.timer)
    const timer = setTimeout(() => get().dismiss(id), t.ms)
    set((s) => ({ timers: { ...s.timers, [id]: { ms: t.ms, timer } } }))
  },
}))

/** TOAST_SHORTCUT jumps to the newest notification (sonner's key), so an Undo is one key away, not a Tab through the page. */
export const TOAST_SHORTCUT = 'Alt+T'

function isToastShortcut(e: KeyboardEvent): boolean {
  // e.code, not e.key: Alt+T types another letter on some layouts (macOS: †).
  return e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyT'
}

/** Toaster shows the queue in the bottom corner. */
export function Toaster() {
  const { toasts, dismiss, hold, release } = useToasts()
  const region = useRef<HTMLElement>(null)
  // Where focus was before the shortcut: it goes back there when the toast is done with.
  const returnTo = useRef<HTMLElement | null>(null)
  const hasToasts = toasts.length > 0

  useEffect(() => {
    if (!hasToasts) return
    const onKey = (e: KeyboardEvent) => {
      if (!isToastShortcut(e)) return
      const newest = region.current?.querySelector<HTMLElement>('[data-toast]:last-child button')
      if (!newest) return
      e.preventDefault()
      if (!region.current?.contains(document.activeElement)) returnTo.current = document.activeElement as HTMLElement | null
      newest.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [hasToasts])

  const done = (id: number) => {
    const inside = region.current?.contains(document.activeElement)
    dismiss(id)
    const back = returnTo.current
    returnTo.current = null
    if (inside && back?.isConnected) back.focus()
  }

  return (
    <section
      ref={region}
      aria-label={`Notifications (${TOAST_SHORTCUT})`}
      aria-keyshortcuts={TOAST_SHORTCUT}
      className="pointer-events-none fixed bottom-4 right-4 z-[60] flex flex-col gap-2"
      aria-live="polite"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          data-toast
          // An error interrupts (alert); the rest wait their turn (status).
          role={t.tone === 'error' ? 'alert' : 'status'}
          onMouseEnter={() => hold(t.id)}
          onMouseLeave={() => release(t.id)}
          onFocus={() => hold(t.id)}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && release(t.id)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return
            e.stopPropagation() // a dialog under it stays open
            done(t.id)
          }}
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
                done(t.id)
              }}
            >
              {t.action.label}
            </Button>
          )}
          <button type="button" aria-label="Dismiss" className="rounded-sm opacity-60 hover:opacity-100 focus-visible:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" onClick={() => done(t.id)}>
            <X className="size-4" />
          </button>
        </div>
      ))}
    </section>
  )
}
