import { useRef } from 'react'

/**
 * openerOf finds what should get the focus back when a dialog closes: the
 * focused element, or, for a menu item (gone once its menu closes), the button
 * that opened the menu (a Radix menu is labelled by its trigger), through
 * submenus.
 */
export function openerOf(el: Element | null): HTMLElement | null {
  let cur = el
  for (let menu = cur?.closest('[role=menu]'); menu; menu = cur?.closest('[role=menu]')) {
    const trigger = document.getElementById(menu.getAttribute('aria-labelledby') ?? '')
    if (!trigger) return null
    cur = trigger
  }
  return cur instanceof HTMLElement && cur !== document.body ? cur : null
}

/**
 * useReturnFocus gives a dialog's content the handlers that return the focus
 * to its opener when it closes, even when the opener was a menu item: Radix
 * returns it to the element focused at opening, which for a menu item is gone
 * by then, and the focus fell to the page.
 */
export function useReturnFocus(props: { onOpenAutoFocus?: (e: Event) => void; onCloseAutoFocus?: (e: Event) => void }) {
  const opener = useRef<HTMLElement | null>(null)
  return {
    onOpenAutoFocus: (e: Event) => {
      opener.current = openerOf(document.activeElement)
      props.onOpenAutoFocus?.(e)
    },
    onCloseAutoFocus: (e: Event) => {
      props.onCloseAutoFocus?.(e)
      const el = opener.current
      opener.current = null
      if (e.defaultPrevented || !el?.isConnected) return
      e.preventDefault()
      el.focus()
    },
  }
}
