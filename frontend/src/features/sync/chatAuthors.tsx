import { useCallback, useEffect, useState } from 'react'
import { Users } from 'lucide-react'
import { errorMessage, syncApi, type SyncChatAuthor } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useDataChanged, useSyncStatus } from './store'

/**
 * useChatAuthors maps each chat of a shared workspace to who wrote it (for
 * the sidebar's "by …"), refreshed when chats change. Empty for a workspace
 * that is not shared.
 */
export function useChatAuthors(workspaceId: string): Record<string, SyncChatAuthor> {
  const st = useSyncStatus(workspaceId)
  const linked = !!st?.linked
  const [byChat, setByChat] = useState<Record<string, SyncChatAuthor>>({})
  const load = useCallback(async () => {
    if (!linked) {
      setByChat({})
      return
    }
    try {
      const list = await syncApi.chatAuthors(workspaceId)
      setByChat(Object.fromEntries(list.map((a) => [a.chatId, a])))
    } catch {
      setByChat({})
    }
  }, [workspaceId, linked])
  useEffect(() => {
    void load()
  }, [load])
  useDataChanged(workspaceId, ['chats'], () => void load())
  return byChat
}

/** ChatAuthorLabel says "by Alice" for someone else's shared chat, "Shared" for one's own. */
export function ChatAuthorLabel({ author }: { author?: SyncChatAuthor }) {
  if (!author) return null
  if (!author.mine) {
    return (
      <span className="truncate text-xs text-muted-foreground" title={`Shared by ${author.name || 'another member'}; only they continue it`}>
        by {author.name || 'another member'}
      </span>
    )
  }
  if (author.shared) {
    return (
      <Badge variant="secondary" title="Shared with the workspace's members">
        <Users className="size-3" /> Shared
      </Badge>
    )
  }
  return null
}

/** ShareChatButton shares one's own chat with the workspace, or stops sharing it. */
export function ShareChatButton({ chatId, author }: { chatId: string; author?: SyncChatAuthor }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  if (!author || !author.mine) return null
  const toggle = async () => {
    setBusy(true)
    setError('')
    try {
      await (author.shared ? syncApi.unshareChat(chatId) : syncApi.shareChat(chatId))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => void toggle()} disabled={busy} title={error || undefined}>
        <Users /> {author.shared ? 'Stop sharing' : 'Share with workspace'}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      )}
    </>
  )
}
