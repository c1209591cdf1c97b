import { useCallback, useEffect, useMemo, useState } from 'react'
import { Settings2 } from 'lucide-react'
import { chatApi, errorMessage, type ChatSettings, type Citation, type Message } from '@/api'
import { Button } from '@/components/ui/button'
import { useToasts } from '@/components/ui/toast'
import { allowedOnly, useAllowedModelRefs } from '@/features/workspaces/allowed'
import { findModel } from '@/features/models/ref'
import { ShareChatButton, useChatAuthors } from '@/features/sync/chatAuthors'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ChatDocumentsBadge, openCitationFile } from '@/features/documents/ChatDocuments'
import { ApprovalStack } from '@/features/tools/ApprovalCard'
import { useApprovals } from '@/features/tools/approvals'
import { ChatSettingsDialog } from './ChatSettingsDialog'
import { CitationPanel } from './CitationPanel'
import { BudgetNotice } from '@/features/usage/BudgetNotice'
import { Composer } from './Composer'
import { AnswerStatus } from './AnswerStatus'
import { MessageList } from './MessageList'
import { ModelPicker, useChatModels } from './ModelPicker'
import { useChatStore } from './store'

// The same empty list on every render, so the memos over a chat's messages hold.
const noMessages: Message[] = []

/** ChatScreen is one conversation: header, messages, composer, and a source panel. */
export function ChatScreen() {
  const s = useChatStore()
  const wsId = useWorkspaceStore((st) => st.currentId)
  const models = allowedOnly(useChatModels(), useAllowedModelRefs(wsId))
  const authors = useChatAuthors(wsId)
  const show = useToasts((t) => t.show)
  const [editingId, setEditingId] = useState<string | null>(null)
  const [citation, setCitation] = useState<Citation | null>(null)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [dropped, setDropped] = useState<File[]>([])
  const [dragging, setDragging] = useState(false)

  useEffect(() => {
    if (s.actionError) {
      show({ message: s.actionError, tone: 'error' })
      s.clearError()
    }
  }, [s.actionError, s, show])
  useEffect(() => {
    setCitation(null)
    setEditingId(null)
    // Cards that waited before this window listened (a reload) come from the backend.
    if (s.currentId) void useApprovals.getState().loadChat(s.currentId)
  }, [s.currentId])

  const chat = s.view?.chat
  const author = chat ? authors[chat.id] : undefined
  // The list is refreshed on every change (titles arrive after the first answer).
  const title = s.list.find((c) => c.id === chat?.id)?.title || chat?.title || 'New chat'
  const messages = s.view?.messages ?? noMessages
  const modelRef = chat ? chat.modelRef : s.draft.modelRef
  const model = modelRef ? findModel(models, modelRef) : models[0]
  const lastAnswer = useMemo(() => [...messages].reverse().find((m) => m.role === 'assistant') ?? null, [messages])
  const lastStream = lastAnswer ? s.streams[lastAnswer.id] : undefined
  const running = lastStream ? lastStream.status === 'streaming' : lastAnswer?.status === 'streaming'
  // The answer being written: the branch's last, else one on another branch
  // (switched away from before this window locked the arrows, or seen after a
  // reload), so that Stop still reaches it and no second answer starts beside it.
  const streamingId =
    lastAnswer && running
      ? lastAnswer.id
      : (Object.values(s.streams).find((st) => st.chatId === chat?.id && st.status === 'streaming')?.messageId ?? null)
  const busy = streamingId !== null
  const editLast = () => {
    if (busy) return
    const last = [...messages].reverse().find((m) => m.role === 'user')
    if (last) setEditingId(last.id)
  }

  const changeModel = async (ref: string) => {
    if (!chat) {
      s.setDraftModel(ref)
      return
    }
    try {
      const c = await chatApi.setChatSettings(chat.id, { modelRef: ref, profileId: chat.profileId, systemPrompt: chat.systemPrompt, params: chat.params })
      if (s.view) s.setView({ ...s.view, chat: c })
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }
  const setToolsOff = async (toolsOff: string[]) => {
    if (!chat) return
    const c = await chatApi.setChatSettings(chat.id, { modelRef: chat.modelRef, profileId: chat.profileId, systemPrompt: chat.systemPrompt, params: { ...chat.params, toolsOff } })
    const view = useChatStore.getState().view
    if (view && view.chat.id === c.id) s.setView({ ...view, chat: c })
  }
  const saveSettings = async (cs: ChatSettings) => {
    if (!chat) return
    const c = await chatApi.setChatSettings(chat.id, cs)
    if (s.view) s.setView({ ...s.view, chat: c })
  }
  // Stable, so that a change elsewhere on the screen (a streamed delta, the
  // title) does not draw every message again.
  const cite = useCallback((m: Message, n: number) => setCitation(m.citations.find((c) => c.n === n) ?? null), [])
  const { regenerate, switchBranch, deleteMessage } = s
  const onRegenerate = useCallback((id: string) => void regenerate(id), [regenerate])
  const onSwitch = useCallback((id: string) => void switchBranch(id), [switchBranch])
  const onDelete = useCallback((id: string) => void deleteMessage(id), [deleteMessage])

  return (
    <section
      className="relative flex h-full min-w-0 flex-1"
      aria-label="Chats"
      onDragOver={(e) => {
        if ([...e.dataTransfer.types].includes('Files')) {
          e.preventDefault()
          setDragging(true)
        }
      }}
      onDragLeave={(e) => {
        // Leaving for one of the screen's own parts is no leaving.
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setDragging(false)
      }}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        setDropped([...e.dataTransfer.files])
      }}
    >
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-2 border-b px-4">
          <ModelPicker value={modelRef || model?.ref || ''} models={models} onChange={(r) => void changeModel(r)} />
          <h1 className="min-w-0 flex-1 truncate text-center text-sm font-medium text-muted-foreground" data-testid="chat-title">
            {title}
          </h1>
          {s.view && s.view.totals.tokensIn + s.view.totals.tokensOut > 0 && (
            <span className="text-xs text-muted-foreground" title="Tokens used in this chat, all branches" data-testid="chat-totals">
              {s.view.totals.estimated ? '~' : ''}
              {s.view.totals.tokensIn + s.view.totals.tokensOut} tokens
            </span>
          )}
          <ChatDocumentsBadge />
          {chat && <ShareChatButton chatId={chat.id} author={author} />}
          <Button variant="ghost" size="icon" aria-label="Chat settings" disabled={!chat} onClick={() => setSettingsOpen(true)}>
            <Settings2 />
          </Button>
        </header>
        {s.viewError && <p className="p-4 text-sm text-destructive">{s.viewError}</p>}
        {messages.length === 0 && s.viewLoading ? (
          <p role="status" className="flex flex-1 items-center justify-center text-sm text-muted-foreground">
            Opening the chat…
          </p>
        ) : messages.length === 0 ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-2 text-center text-muted-foreground">
            <p className="text-lg font-medium text-foreground">What's on your mind?</p>
            <p className="text-sm">
              {model ? `Answers come from ${model.displayName || model.name}.` : 'Pick a model above, or add a provider on the Models page.'}
            </p>
          </div>
        ) : (
          <MessageList
            key={chat?.id ?? ''}
            chatId={chat?.id ?? ''}
            messages={messages}
            hasMore={s.view?.hasMore ?? false}
            streams={s.streams}
            focusMessageId={s.focusMessageId}
            follow={s.follow}
            editingId={editingId}
            busy={busy}
            setEditingId={setEditingId}
            onLoadOlder={s.loadOlder}
            onRegenerate={onRegenerate}
            onEdit={s.edit}
            onSwitch={onSwitch}
            onDelete={onDelete}
            onCite={cite}
          />
        )}
        {/* Its own key: the list beside it is keyed by the chat too, and two siblings with one key
            made React keep old lists and draw messages twice. */}
        <AnswerStatus key={`status-${chat?.id ?? ''}`} messageId={lastAnswer?.id ?? null} status={lastStream?.status} />
        {chat && <ApprovalStack chatId={chat.id} />}
        {author?.readOnly ? (
          <p className="border-t px-6 py-4 text-center text-sm text-muted-foreground" data-testid="read-only-chat">
            {author.name || 'Another member'} shared this chat with the workspace; only they can continue it.
          </p>
        ) : (
          <>
            <BudgetNotice workspaceId={wsId} refreshKey={streamingId} />
            <Composer
              streamingId={streamingId}
              visionOK={model ? model.vision : null}
              modelName={model?.displayName || model?.name || ''}
              onSend={(text, images) => {
                if (!s.workspaceId) useChatStore.setState({ workspaceId: wsId })
                return s.send(text, images)
              }}
              onStop={(id) => void s.stop(id)}
              onEditLast={editLast}
              droppedFiles={dropped}
              onDroppedHandled={() => setDropped([])}
              chat={chat}
              onToolsOff={setToolsOff}
            />
          </>
        )}
      </div>
      {citation && <CitationPanel citation={citation} onClose={() => setCitation(null)} onOpenFile={(c) => void openCitationFile(c)} />}
      {chat && <ChatSettingsDialog chat={chat} open={settingsOpen} onOpenChange={setSettingsOpen} onSave={saveSettings} />}
      {dragging && (
        <div className="pointer-events-none absolute inset-0 z-40 flex items-center justify-center border-2 border-dashed border-primary bg-primary/5 text-sm font-medium text-primary">
          Drop images or documents to attach them to this chat
        </div>
      )}
    </section>
  )
}
