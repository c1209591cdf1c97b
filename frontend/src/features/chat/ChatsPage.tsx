import { MessageSquare } from 'lucide-react'
import { Page } from '@/components/layout/Page'
import { useAppStore } from '@/features/app/store'
import { FirstRun } from '@/features/app/FirstRun'

/** ChatsPage is the main pane for chats. */
export function ChatsPage() {
  const firstRun = useAppStore((s) => s.boot?.firstRun ?? false)
  if (firstRun) {
    return (
      <Page title="Chats">
        <FirstRun />
      </Page>
    )
  }
  return (
    <Page title="Chats">
      <div className="flex h-full flex-col items-center justify-center gap-3 text-muted-foreground">
        <MessageSquare className="size-8" />
        <p>Start a new chat from the sidebar.</p>
      </div>
    </Page>
  )
}
