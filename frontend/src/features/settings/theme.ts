import { useEffect } from 'react'
import type { Theme } from '@/api'

/** resolveDark decides dark mode from the chosen theme and the OS preference. */
export function resolveDark(theme: Theme, osDark: boolean): boolean {
  return theme === 'dark' || (theme === 'system' && osDark)
}

/** useApplyTheme keeps the `dark` class on <html> in line with the theme and the OS. */
export function useApplyTheme(theme: Theme) {
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const dark = resolveDark(theme, mq.matches)
      document.documentElement.classList.toggle('dark', dark)
      document.documentElement.style.colorScheme = dark ? 'dark' : 'light'
    }
    apply()
    mq.addEventListener('change', apply)
    return () => mq.removeEventListener('change', apply)
  }, [theme])
}
