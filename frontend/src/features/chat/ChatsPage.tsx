import { lazy, Suspense } from 'react'
import { useAppStore } from '@/features/app/store'
import { FirstRun } from '@/features/app/FirstRun'
import { Page } from '@/components/layout/Page'
import { useChatStore } from './store'

// The chat screen (markdown, virtual list, menus) loads after the shell has
// drawn, so the first screen needs less JavaScript.
const ChatScreen = lazy(() => import('./ChatScreen').then((m) => ({ default: m.ChatScreen })))

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
  return (
    <Suspense fallback={<section className="flex-1" aria-label="Chats" aria-busy="true" />}>
      <ChatScreen />
    </Suspense>
  )
}
