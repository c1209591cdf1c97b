import { Archive, Download, MoreHorizontal, Pencil, Pin, PinOff, Trash2 } from 'lucide-react'
import { chatApi, type Chat } from '@/api'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { MoveChatMenu } from '@/features/workspaces/MoveChatMenu'

interface Props {
  chat: Chat
  onRename: () => void
  act: (f: () => Promise<unknown>) => Promise<void>
  onExport: (format: 'markdown' | 'json') => void
  onDelete: () => void
  /** readOnly: another member's shared chat; only its author renames, moves or deletes it. */
  readOnly?: boolean
}

/** ChatRowMenu is a chat's action menu in the sidebar; it opens as soon as it loads. */
export function ChatRowMenu({ chat, onRename, act, onExport, onDelete, readOnly }: Props) {
  return (
    <DropdownMenu defaultOpen>
        <DropdownMenuTrigger
          aria-label={`Actions for ${chat.title || 'New chat'}`}
          className="mr-1 rounded p-1 opacity-0 hover:bg-background group-hover:opacity-100 focus:opacity-100 data-[state=open]:opacity-100"
        >
          <MoreHorizontal className="size-4" />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {!readOnly && (
            <DropdownMenuItem onSelect={() => onRename()}>
              <Pencil /> Rename
            </DropdownMenuItem>
          )}
          <DropdownMenuItem onSelect={() => void act(() => chatApi.setPinned(chat.id, !chat.pinned))}>
            {chat.pinned ? <PinOff /> : <Pin />} {chat.pinned ? 'Unpin' : 'Pin'}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void act(() => chatApi.setArchived(chat.id, true))}>
            <Archive /> Archive
          </DropdownMenuItem>
          {!readOnly && <MoveChatMenu chat={chat} />}
          <DropdownMenuItem onSelect={() => onExport('markdown')}>
            <Download /> Export as Markdown
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => onExport('json')}>
            <Download /> Export as JSON
          </DropdownMenuItem>
          {!readOnly && (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive onSelect={() => onDelete()}>
                <Trash2 /> Delete
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
  )
}
