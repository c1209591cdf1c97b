import { useEffect, useState } from 'react'
import { ImageOff } from 'lucide-react'
import { chatApi, type Attachment } from '@/api'

/** AttachmentThumb shows an image attached to a message (or notes that an imported one is missing). */
export function AttachmentThumb({ attachment: a }: { attachment: Attachment }) {
  const [src, setSrc] = useState('')
  const [failed, setFailed] = useState(a.missing)
  useEffect(() => {
    if (a.missing || !a.sha256) return
    let alive = true
    chatApi
      .attachment(a.sha256)
      .then((d) => alive && setSrc(`data:${d.mime};base64,${d.data}`))
      .catch(() => alive && setFailed(true))
    return () => {
      alive = false
    }
  }, [a.sha256, a.missing])
  if (failed) {
    return (
      <span className="inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs text-muted-foreground" title="The image was not included">
        <ImageOff className="size-3.5" /> {a.name || 'image'}
      </span>
    )
  }
  return src ? (
    <img src={src} alt={a.name} className="max-h-48 max-w-64 rounded-lg border object-contain" />
  ) : (
    <span className="inline-block h-24 w-32 animate-pulse rounded-lg bg-muted" />
  )
}
