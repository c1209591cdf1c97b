import { useEffect, useState } from 'react'
import { FileX, ImageOff } from 'lucide-react'
import { chatApi, type Attachment } from '@/api'

/** isImage reports whether an attachment may be shown as an image (an
 * imported reference may name a PDF or another file given to ChatGPT or Claude). */
function isImage(a: Attachment): boolean {
  return !a.mime || a.mime.startsWith('image/')
}

/** AttachmentThumb shows an image attached to a message (or notes that an imported image or file is missing). */
export function AttachmentThumb({ attachment: a }: { attachment: Attachment }) {
  const image = isImage(a)
  const [src, setSrc] = useState('')
  const [failed, setFailed] = useState(a.missing || !image)
  useEffect(() => {
    if (a.missing || !a.sha256 || !image) return
    let alive = true
    chatApi
      .attachment(a.sha256)
      .then((d) => alive && setSrc(`data:${d.mime};base64,${d.data}`))
      .catch(() => alive && setFailed(true))
    return () => {
      alive = false
    }
  }, [a.sha256, a.missing, image])
  if (failed) {
    const Icon = image ? ImageOff : FileX
    return (
      <span
        className="inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs text-muted-foreground"
        title={image ? 'The image was not included' : 'The file was not included'}
      >
        <Icon className="size-3.5" /> {a.name || (image ? 'image' : 'file')}
      </span>
    )
  }
  return src ? (
    <img src={src} alt={a.name} className="max-h-48 max-w-64 rounded-lg border object-contain" />
  ) : (
    <span className="inline-block h-24 w-32 animate-pulse rounded-lg bg-muted" />
  )
}
