import { useEffect, useRef, useState } from 'react'
import { ArrowUp, ImagePlus, Square, X } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { useToasts } from '@/components/ui/toast'
import { imeKey } from './ime'
import { isImage, readImage, toAttachmentInput, type PendingImage } from './files'
import { TemplateMenu } from './TemplateMenu'
import { AttachDocumentButton, attachDropped, ChatAttachProgress } from '@/features/documents/ChatDocuments'
import { ToolsPopover } from '@/features/tools/ToolsPopover'
import type { AttachmentInput, Chat } from '@/api'
import { useChatStore } from './store'

interface Props {
  streamingId: string | null
  visionOK: boolean | null // null: unknown model
  modelName: string
  onSend: (text: string, images: AttachmentInput[]) => Promise<boolean>
  onStop: (id: string) => void
  onEditLast: () => void
  droppedFiles: File[]
  onDroppedHandled: () => void
  /** The open chat (null for a new one): the tools button reads and narrows its tools. */
  chat?: Chat | null
  onToolsOff?: (off: string[]) => Promise<void>
}

const NO_TOOLS_OFF: string[] = []

/** Composer: Enter sends, Shift+Enter adds a line, Esc stops, Up edits your last message. */
export function Composer(p: Props) {
  const draftKey = p.chat?.id ?? ''
  const ref = useRef<HTMLTextAreaElement>(null)
  const [text, setText] = useState(() => useChatStore.getState().drafts[draftKey] ?? '')
  const [images, setImages] = useState<PendingImage[]>(() => useChatStore.getState().draftImages[draftKey] ?? [])
  const [sending, setSending] = useState(false)
  useDraft(draftKey, { text, images }, setText, setImages, sending)
  // New chat puts the cursor here, also when this screen is drawn after it.
  const focusAsked = useChatStore((s) => s.composerFocus)
  useEffect(() => {
    if (!focusAsked) return
    ref.current?.focus()
    useChatStore.getState().setComposerFocus(false)
  }, [focusAsked])
  const fileRef = useRef<HTMLInputElement>(null)
  const show = useToasts((s) => s.show)

  const addFiles = async (all: File[]) => {
    // A PDF or another document dropped or pasted here is attached to the
    // chat as a document, as the Attach document button does.
    const files = all.filter(isImage)
    if (files.length < all.length) void attachDropped(all.filter((f) => !isImage(f)))
    for (const f of files) {
      try {
        const img = await readImage(f)
        setImages((cur) => [...cur, img].slice(0, 10))
      } catch (e) {
        show({ message: (e as Error).message, tone: 'error' })
      }
    }
  }

  useEffect(() => {
    if (p.droppedFiles.length > 0) {
      void addFiles(p.droppedFiles)
      p.onDroppedHandled()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- each drop is taken once; addFiles and onDroppedHandled are new functions on each render
  }, [p.droppedFiles])

  // Grow with the text, up to a limit.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`
  }, [text])

  const visionProblem = images.length > 0 && p.visionOK === false
  const canSend = !sending && !p.streamingId && (text.trim() !== '' || images.length > 0) && !visionProblem

  const send = async () => {
    if (!canSend) return
    setSending(true)
    const ok = await p.onSend(text, images.map(toAttachmentInput))
    setSending(false)
    if (ok) {
      setText('')
      setImages([])
    }
    ref.current?.focus()
  }

  return (
    <div className="border-t bg-background px-6 pb-4 pt-3">
      <div className="mx-auto flex max-w-3xl flex-col gap-2 rounded-2xl border bg-card p-2 shadow-xs focus-within:ring-2 focus-within:ring-ring/40">
        {images.length > 0 && (
          <div className="flex flex-wrap gap-2 px-1 pt-1" aria-label="Images to send">
            {images.map((img, i) => (
              <div key={i} className="relative">
                <img src={img.url} alt={img.name} className="h-16 w-16 rounded-md border object-cover" />
                <button
                  type="button"
                  aria-label={`Remove ${img.name}`}
                  onClick={() => setImages(images.filter((_, j) => j !== i))}
                  className="absolute -right-1.5 -top-1.5 rounded-full border bg-background p-0.5"
                >
                  <X className="size-3" />
                </button>
              </div>
            ))}
          </div>
        )}
        <ChatAttachProgress chatId={p.chat?.id ?? ''} />
        {visionProblem && (
          <p className="px-2 text-xs text-destructive" role="alert">
            {p.modelName || 'This model'} cannot see images: pick a model with vision, or remove the images.
          </p>
        )}
        <textarea
          ref={ref}
          rows={1}
          value={text}
          dir="auto"
          aria-label="Message"
          placeholder="Ask anything…"
          onChange={(e) => setText(e.target.value)}
          onPaste={(e) => {
            // Cells copied from a spreadsheet or text from a word processor
            // come with a picture of themselves: the text is what was meant.
            if (e.clipboardData.getData('text/plain').trim() !== '') return
            const files = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'))
            if (files.length > 0) {
              e.preventDefault()
              void addFiles(files)
            }
          }}
          onKeyDown={(e) => {
            if (imeKey(e)) return
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              void send()
            } else if (e.key === 'Escape' && p.streamingId) {
              e.preventDefault()
              p.onStop(p.streamingId)
            } else if (e.key === 'ArrowUp' && text === '' && !p.streamingId) {
              e.preventDefault()
              p.onEditLast()
            }
          }}
          className="max-h-60 min-h-10 w-full resize-none bg-transparent px-2 py-1.5 text-sm outline-none placeholder:text-muted-foreground"
        />
        <div className="flex items-center gap-1">
          <input
            ref={fileRef}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            multiple
            hidden
            data-testid="image-input"
            onChange={(e) => {
              void addFiles([...(e.target.files ?? [])])
              e.target.value = ''
            }}
          />
          <Button variant="ghost" size="icon" aria-label="Attach images" title="Attach images" onClick={() => fileRef.current?.click()}>
            <ImagePlus />
          </Button>
          <AttachDocumentButton />
          <TemplateMenu onInsert={(t) => setText((cur) => (cur ? cur + '\n' : '') + t)} />
          <ToolsPopover
            chatId={p.chat?.id ?? ''}
            modelRef={p.chat?.modelRef ?? ''}
            toolsOff={p.chat?.params.toolsOff ?? NO_TOOLS_OFF}
            onToolsOff={p.onToolsOff ?? (async () => {})}
          />
          <span className="flex-1" />
          {p.streamingId ? (
            <Button
              size="icon"
              variant="secondary"
              aria-label="Stop"
              title="Stop (Esc)"
              onClick={() => {
                p.onStop(p.streamingId!)
                // This button goes when the answer stops: the cursor waits in the box for the next message.
                ref.current?.focus()
              }}
            >
              <Square className="fill-current" />
            </Button>
          ) : (
            <Button size="icon" aria-label="Send" title="Send (Enter)" disabled={!canSend} onClick={() => void send()}>
              <ArrowUp />
            </Button>
          )}
        </div>
      </div>
    </div>
  )
}

/**
 * useDraft keeps the unsent text and images of each chat in the chat store:
 * they are put back when the chat opens again or the screen comes back from
 * another page, and never go with another chat's message. A new chat gets its
 * id while its first message is being sent: the draft stays in the box then
 * (the send may fail and it must not be lost).
 */
function useDraft(
  key: string,
  draft: { text: string; images: PendingImage[] },
  setText: (t: string) => void,
  setImages: (i: PendingImage[]) => void,
  sending: boolean,
) {
  const latest = useRef({ key, ...draft })
  useEffect(() => {
    const { key: old, text: typed, images: picked } = latest.current
    if (old === key) return
    latest.current.key = key
    const { drafts, draftImages, setDraft, setDraftImages } = useChatStore.getState()
    if (sending && old === '') {
      // What the new chat kept (the screen was left and drawn again) is
      // being sent: the next new chat starts empty.
      setDraft('', '')
      setDraftImages('', [])
      return
    }
    setDraft(old, typed)
    setDraftImages(old, picked)
    setText(drafts[key] ?? '')
    setImages(draftImages[key] ?? [])
  }, [key, sending, setText, setImages])
  latest.current.text = draft.text
  latest.current.images = draft.images
  useEffect(
    () => () => {
      const { key: k, text: t, images: i } = latest.current
      useChatStore.getState().setDraft(k, t)
      useChatStore.getState().setDraftImages(k, i)
    },
    [],
  )
}
