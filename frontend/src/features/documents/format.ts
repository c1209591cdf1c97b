import type { DocumentInfo, FileFormat, IndexStatus } from '@/api'

// The accepted formats come from the backend (documentsApi.acceptedFormats,
// see acceptedFormats.ts): these helpers only render that one list.

/** formatsLabel names the accepted formats for people, each label once: "PDF, DOCX, TXT, MD, HTML, CSV". */
export function formatsLabel(formats: FileFormat[]): string {
  return [...new Set(formats.map((f) => f.label))].join(', ')
}

/** acceptAttr is the accepted extensions as an <input type=file> accept attribute (empty while unknown: anything). */
export function acceptAttr(formats: FileFormat[]): string {
  return formats.map((f) => f.extension).join(',')
}

/** isSupported tells whether a file name has an extension the backend ingests. */
export function isSupported(name: string, formats: FileFormat[]): boolean {
  const i = name.lastIndexOf('.')
  const ext = i >= 0 ? name.slice(i).toLowerCase() : ''
  return ext !== '' && formats.some((f) => f.extension === ext)
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`
}

const STAGE_LABELS: Record<string, string> = {
  extracting: 'Extracting text',
  chunking: 'Splitting into chunks',
  indexing: 'Indexing chunks',
  embedding: 'Embedding chunks',
  // The embedding provider said "too many requests" or failed for a moment:
  // the backend waits and sends the same chunks again.
  'rate-limited': "Waiting for the provider's rate limit",
  retrying: 'Provider unavailable, retrying',
}

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? (stage ? stage[0].toUpperCase() + stage.slice(1) : 'Working')
}

/** reasonText turns the backend's error reason into a sentence. */
export function reasonText(reason: string): string {
  const r = reason.trim()
  if (!r) return 'Failed for an unknown reason'
  if (r === 'canceled') return 'Canceled: re-index to process it again'
  return r[0].toUpperCase() + r.slice(1)
}

export const statusLabels: Record<string, string> = {
  pending: 'Waiting',
  processing: 'Processing',
  completed: 'Ready',
  error: 'Failed',
}

/** isActive: still in the ingest queue. */
export const isActive = (d: Pick<DocumentInfo, 'status'>) => d.status === 'pending' || d.status === 'processing'

/** wasRefused: refused at the door (unsupported type, too large): nothing stored, nothing to re-index. */
export const wasRefused = (d: Pick<DocumentInfo, 'status' | 'sha256'>) => d.status === 'error' && !d.sha256

export function completedSummary(d: Pick<DocumentInfo, 'chunks' | 'pages'>): string {
  const parts = [`${d.chunks} ${d.chunks === 1 ? 'chunk' : 'chunks'}`]
  if (d.pages > 0) parts.push(`${d.pages} ${d.pages === 1 ? 'page' : 'pages'}`)
  return parts.join(' · ')
}

/** modelName shows a model ref without its dimensions: "ollama:nomic-embed-text@768" -> "nomic-embed-text (ollama, 768 dimensions)". */
export function modelName(ref: string): string {
  if (!ref) return ''
  let rest = ref
  let dims = ''
  const at = rest.lastIndexOf('@')
  if (at > 0 && /^\d+$/.test(rest.slice(at + 1))) {
    dims = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  const colon = rest.indexOf(':')
  if (colon < 0) return ref
  const provider = rest.slice(0, colon)
  const name = rest.slice(colon + 1)
  return `${name} (${provider}${dims ? `, ${dims} dimensions` : ''})`
}

/** embeddingBehind: the workspace has a model but not every chunk carries its vectors yet. */
export function embeddingBehind(s: IndexStatus | null): boolean {
  return !!s && s.mode === 'hybrid' && s.chunks > 0 && s.embedded < s.chunks
}

export function formatScore(v: number, digits = 3): string {
  return v ? v.toFixed(digits) : '–'
}
