import { lazy, Suspense, useEffect } from 'react'
import { AppShell } from '@/features/app/AppShell'
import { useAppStore } from '@/features/app/store'
import { useSettingsStore } from '@/features/settings/store'
import { useApplyTheme } from '@/features/settings/theme'
import { useWorkspaceStore } from '@/features/workspaces/store'
import type { Theme } from '@/api'

const Recovery = lazy(() => import('@/features/app/Recovery').then((m) => ({ default: m.Recovery })))

export default function App() {
  const { status, boot, error } = useAppStore()
  const theme = useSettingsStore((s) => s.theme)
  useApplyTheme(theme)

  useEffect(() => {
    if (boot?.state === 'ready') {
      useWorkspaceStore.getState().init(boot.workspaces, boot.currentWorkspaceId)
      useSettingsStore.getState().setInitialTheme(boot.theme as Theme)
    }
  }, [boot])

  if (status === 'loading') return <div className="h-full" aria-busy="true" />
  if (status === 'failed' || !boot) {
    return (
      <div className="flex h-full items-center justify-center p-6 text-destructive" role="alert">
        BookBag could not start: {error}
      </div>
    )
  }
  if (boot.state !== 'ready') {
    return (
      <Suspense fallback={null}>
        <Recovery boot={boot} />
      </Suspense>
    )
  }
  return <AppShell />
}
