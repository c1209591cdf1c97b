import { useEffect, useState } from 'react'
import { Archive, ArchiveRestore } from 'lucide-react'
import { chatApi, errorMessage, type Chat } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { useAppStore } from '@/features/app/store'
import { useChatStore } from './store'

const PAGE = 50

/** ArchivedChats is the sidebar's way back to archived chats: a dialog that lists them (paged) to open or unarchive. */
export function ArchivedChats({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false)
  const [chats, setChats] = useState<Chat[]>([])
  const [cursor, setCursor] = useState('')
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  const load = async (more: boolean) => {
    setLoading(true)
    setError('')
    try {
      const page = await chatApi.listChats({ workspaceId, archived: true, cursor: more ? cursor : '', limit: PAGE })
      setChats((cs) => (more ? [...cs, ...page.chats.filter((c) => !cs.some((x) => x.id === c.id))] : page.chats))
      setCursor(page.cursor)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    if (open) void load(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load is new on each render (and with each page's cursor if memoised): listed, every load would start another
  }, [open, workspaceId])

  const unarchive = async (c: Chat) => {
    try {
      await chatApi.setArchived(c.id, false)
      setChats((cs) => cs.filter((x) => x.id !== c.id))
      await useChatStore.getState().loadList(workspaceId)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const show = (c: Chat) => {
    setOpen(false)
    useAppStore.getState().navigate('chats')
    void useChatStore.getState().open(c.id)
  }

  return (
    <>
      <button
        type="button"
        className="flex w-full items-center gap-1.5 rounded-md px-2 py-1 text-xs text-muted-foreground hover:bg-accent/60 hover:text-foreground"
        onClick={() => setOpen(true)}
      >
        <Archive className="size-3.5" /> Archived chats
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-w-lg">
          <DialogHeader>
            <DialogTitle>Archived chats</DialogTitle>
            <DialogDescription>Archived chats leave the sidebar but keep everything; search still finds them.</DialogDescription>
          </DialogHeader>
          {error && <p className="text-sm text-destructive">{error}</p>}
          {chats.length === 0 && !loading && !error && <p className="text-sm text-muted-foreground">No archived chats in this workspace.</p>}
          <ul className="flex max-h-96 flex-col gap-1 overflow-y-auto" aria-label="Archived chats">
            {chats.map((c) => (
              <li key={c.id} className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-accent/60">
                <button type="button" className="min-w-0 flex-1 truncate text-left text-sm" onClick={() => show(c)}>
                  {c.title || 'New chat'}
                </button>
                <Button variant="ghost" size="sm" onClick={() => void unarchive(c)} aria-label={`Unarchive ${c.title || 'New chat'}`}>
                  <ArchiveRestore /> Unarchive
                </Button>
              </li>
            ))}
          </ul>
          {cursor && (
            <Button variant="outline" size="sm" disabled={loading} onClick={() => void load(true)}>
              More
            </Button>
          )}
        </DialogContent>
      </Dialog>
    </>
  )
}
