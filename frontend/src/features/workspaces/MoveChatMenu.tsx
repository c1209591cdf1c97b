import { FolderInput } from 'lucide-react'
import { chatApi, errorMessage, type Chat } from '@/api'
import { DropdownMenuItem, DropdownMenuSub, DropdownMenuSubContent, DropdownMenuSubTrigger } from '@/components/ui/dropdown-menu'
import { useToasts } from '@/components/ui/toast'
import { useChatStore } from '@/features/chat/store'
import { useWorkspaceStore } from './store'
import { WorkspaceIcon } from './WorkspaceIcon'

/**
 * MoveChatMenu is the "Move to" entry of a chat's menu: it moves the chat
 * (its messages and its own documents) to another workspace.
 */
export function MoveChatMenu({ chat }: { chat: Chat }) {
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const show = useToasts((s) => s.show)
  const targets = workspaces.filter((w) => w.id !== chat.workspaceId && !w.archivedAt)
  if (targets.length === 0) return null

  const move = async (workspaceId: string, name: string) => {
    try {
      await chatApi.moveChat(chat.id, workspaceId)
      const cs = useChatStore.getState()
      if (cs.currentId === chat.id) cs.newChat()
      await cs.loadList(cs.workspaceId)
      show({
        message: `Moved “${chat.title || 'New chat'}” to ${name}`,
        action: {
          label: 'Open',
          run: () => {
            useWorkspaceStore.getState().setCurrent(workspaceId)
            void useChatStore.getState().open(chat.id)
          },
        },
      })
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }

  return (
    <DropdownMenuSub>
      <DropdownMenuSubTrigger>
        <FolderInput /> Move to
      </DropdownMenuSubTrigger>
      <DropdownMenuSubContent aria-label="Move to workspace">
        {targets.map((w) => (
          <DropdownMenuItem key={w.id} onSelect={() => void move(w.id, w.name)}>
            <WorkspaceIcon workspace={w} className="size-5 text-[10px]" />
            <span className="truncate">{w.name}</span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuSubContent>
    </DropdownMenuSub>
  )
}
