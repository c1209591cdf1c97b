import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { MoreHorizontal } from 'lucide-react'
import { chatApi, errorMessage, type Chat } from '@/api'
import { Button } from '@/components/ui/button'
import { useToasts } from '@/components/ui/toast'
import { cn } from '@/lib/utils'
import { useAppStore } from '@/features/app/store'
import { ChatAuthorLabel, useChatAuthors } from '@/features/sync/chatAuthors'
import type { SyncChatAuthor } from '@/api'
import { ArchivedChats } from './ArchivedChats'
import { exportFileName } from './exportName'
import { groupChats } from './groups'
import { imeKey } from './ime'
import { useChatStore } from './store'
import { isActive } from './streamReducer'

// The row menu (Radix, with the move submenu) loads on first use.
const ChatRowMenu = lazy(() => import('./ChatRowMenu').then((m) => ({ default: m.ChatRowMenu })))

/** ChatList is the sidebar's list of the workspace's chats, grouped by date and paged. */
export function ChatList() {
  const { list, cursor, listLoading, listError, loadList, workspaceId, currentId, open, streams } = useChatStore()
  const navigate = useAppStore((s) => s.navigate)
  const authors = useChatAuthors(workspaceId)
  const sentinel = useRef<HTMLDivElement>(null)
  // Stable, so that opening a chat draws again only the rows it changes.
  const onOpen = useCallback(
    (id: string) => {
      navigate('chats')
      void open(id)
    },
    [navigate, open],
  )

  // Load the next page when the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current
    if (!el || !cursor) return
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !useChatStore.getState().listLoading) void loadList(workspaceId, true)
    })
    io.observe(el)
    return () => io.disconnect()
  }, [cursor, workspaceId, loadList])

  // A failed first page has nothing to show; a failed later page keeps the chats shown.
  const failed = listError && (
    <div className="flex items-center gap-2 px-2 py-2 text-xs text-destructive" role="alert">
      <span className="min-w-0 flex-1 break-words">{listError}</span>
      <Button size="sm" variant="outline" onClick={() => void loadList(workspaceId, list.length > 0)}>
        Try again
      </Button>
    </div>
  )
  if (listError && list.length === 0) return failed
  if (list.length === 0 && !listLoading) {
    return (
      <div className="flex flex-col gap-1 py-1">
        <p className="px-2 py-2 text-xs text-muted-foreground">No chats yet.</p>
        {workspaceId && <ArchivedChats workspaceId={workspaceId} />}
      </div>
    )
  }

  return (
    <div className="flex flex-col gap-3 py-1" data-testid="chat-list">
      {groupChats(list).map((g) => (
        <section key={g.label} aria-label={g.label}>
          <h2 className="px-2 pb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{g.label}</h2>
          <ul className="flex flex-col gap-0.5">
            {g.chats.map((c) => (
              <ChatRow
                key={c.id}
                chat={c}
                active={c.id === currentId}
                streaming={isActive(streams, c.id)}
                author={authors[c.id]}
                onOpen={onOpen}
              />
            ))}
          </ul>
        </section>
      ))}
      {failed}
      <div ref={sentinel} className="h-2" />
      {workspaceId && <ArchivedChats workspaceId={workspaceId} />}
    </div>
  )
}

interface RowProps {
  chat: Chat
  active: boolean
  streaming: boolean
  author?: SyncChatAuthor
  onOpen: (id: string) => void
}

const ChatRow = memo(function ChatRow({ chat, active, streaming, author, onOpen }: RowProps) {
  const [renaming, setRenamingState] = useState(false)
  const [menuOpen, setMenuOpen] = useState(false)
  const [title, setTitle] = useState(chat.title)
  // The box starts from the title the chat has now: it may have changed since
  // the row was drawn (a generated title, a rename on another device).
  const setRenaming = (on: boolean) => {
    if (on) setTitle(chat.title)
    setRenamingState(on)
  }
  const show = useToasts((s) => s.show)
  const loadList = useChatStore((s) => s.loadList)
  const workspaceId = useChatStore((s) => s.workspaceId)
  const newChat = useChatStore((s) => s.newChat)

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f()
      await loadList(workspaceId)
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }
  const remove = () =>
    act(async () => {
      const token = await chatApi.deleteChat(chat.id)
      if (useChatStore.getState().currentId === chat.id) newChat()
      show({
        message: `Deleted “${chat.title || 'New chat'}”`,
        action: { label: 'Undo', run: () => void act(() => chatApi.undoDelete(token)) },
      })
    })
  const exportChat = async (format: 'markdown' | 'json') => {
    try {
      const text = await chatApi.exportChat(chat.id, format)
      const path = await chatApi.saveExport('Export chat', exportFileName(chat.title, format), text)
      if (path) show({ message: `Saved to ${path}` })
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }
  const rename = () => {
    setRenaming(false)
    if (title.trim() && title !== chat.title) void act(() => chatApi.renameChat(chat.id, title))
    else setTitle(chat.title)
  }

  return (
    <li className={cn('group flex items-center rounded-md', active ? 'bg-accent' : 'hover:bg-accent/60')}>
      {renaming ? (
        <input
          autoFocus
          aria-label="Chat title"
          className="mx-1 my-0.5 w-full rounded border border-input bg-background px-1.5 py-1 text-sm"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={rename}
          onKeyDown={(e) => {
            if (imeKey(e)) return
            if (e.key === 'Enter') rename()
            if (e.key === 'Escape') {
              setTitle(chat.title)
              setRenaming(false)
            }
          }}
        />
      ) : (
        <button
          type="button"
          onClick={() => onOpen(chat.id)}
          onDoubleClick={() => !author?.readOnly && setRenaming(true)}
          aria-current={active ? 'true' : undefined}
          className="flex min-w-0 flex-1 items-center gap-1.5 px-2 py-1.5 text-left text-sm"
        >
          {streaming && <span className="size-1.5 shrink-0 animate-pulse rounded-full bg-primary" aria-label="Answering" />}
          <span dir="auto" className="min-w-0 flex-1 truncate text-start">{chat.title || 'New chat'}</span>
          <ChatAuthorLabel author={author} />
        </button>
      )}
      {menuOpen ? (
        <Suspense fallback={<MenuButton label={chat.title} />}>
          <ChatRowMenu chat={chat} onRename={() => setRenaming(true)} act={act} onExport={(f) => void exportChat(f)} onDelete={() => void remove()}
            readOnly={author?.readOnly} />
        </Suspense>
      ) : (
        <MenuButton label={chat.title} onOpen={() => setMenuOpen(true)} />
      )}
    </li>
  )
})

const menuButtonClass =
  'mr-1 rounded p-1 opacity-0 hover:bg-background group-hover:opacity-100 focus:opacity-100 data-[state=open]:opacity-100'

/** MenuButton stands in for the row menu's trigger until the menu is loaded. */
function MenuButton({ label, onOpen }: { label: string; onOpen?: () => void }) {
  return (
    <button
      type="button"
      aria-label={`Actions for ${label || 'New chat'}`}
      aria-haspopup="menu"
      className={menuButtonClass}
      onClick={onOpen}
      onPointerEnter={() => void import('./ChatRowMenu')}
    >
      <MoreHorizontal className="size-4" />
    </button>
  )
}
