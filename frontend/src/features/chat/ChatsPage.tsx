import { useAppStore } from '@/features/app/store'
import { FirstRun } from '@/features/app/FirstRun'
import { Page } from '@/components/layout/Page'
import { ChatScreen } from './ChatScreen'
import { useChatStore } from './store'

/** ChatsPage is the main pane for chats: the first-run guide until a model exists, then the chat screen. */
export function ChatsPage() {
  const firstRun = useAppStore((s) => s.boot?.firstRun ?? false)
  const hasChat = useChatStore((s) => s.currentId !== null)
  if (firstRun && !hasChat) {
    return (
      <Page title="Chats">
        <FirstRun />
      </Page>
    )
  }
  return <ChatScreen />
}
