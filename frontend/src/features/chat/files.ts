import type { AttachmentInput } from '@/api'

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']

/** isImage: a file the composer sends as an image (the others dropped on a chat are attached as documents). */
export const isImage = (f: File) => IMAGE_TYPES.includes(f.type)

/** PendingImage is an image chosen in the composer, not sent yet. */
export interface PendingImage {
  name: string
  mime: string
  base64: string
  size: number
  url: string // data URL for the preview
}

/** readImage checks and reads a file the user picked, pasted or dropped. */
export async function readImage(file: File): Promise<PendingImage> {
  if (!IMAGE_TYPES.includes(file.type)) throw new Error(`${file.name || 'That file'} is not a PNG, JPEG, WebP or GIF image`)
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`${file.name} is larger than 20 MB`)
  const url = await new Promise<string>((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result))
    r.onerror = () => reject(r.error ?? new Error('could not read the file'))
    r.readAsDataURL(file)
  })
  return { name: file.name || 'pasted image', mime: file.type, base64: url.slice(url.indexOf(',') + 1), size: file.size, url }
}

/** toAttachmentInput sends bytes as base64, which Go decodes into []byte. */
export function toAttachmentInput(p: PendingImage): AttachmentInput {
  return { name: p.name, mime: p.mime, data: p.base64 as unknown as number[], path: '' }
}
