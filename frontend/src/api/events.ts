import { EventsOn } from '../../wailsjs/runtime/runtime'

// Event names emitted by the backend (backend/events/events.go).
export const EventNames = {
  chatDelta: 'chat:delta',
  chatDone: 'chat:done',
  chatError: 'chat:error',
  documentProgress: 'document:progress',
  documentStatus: 'document:status',
  documentsAdding: 'documents:adding',
  dataChanged: 'data:changed',
  syncStatus: 'sync:status',
  modelPull: 'model:pull',
  filesDropped: 'files:dropped',
  chatImport: 'chat:import',
  toolApproval: 'tool:approval',
  toolApprovalClosed: 'tool:approval-closed',
  backupProgress: 'backup:progress',
  backupScheduled: 'backup:scheduled',
  archiveProgress: 'archive:progress',
  updateProgress: 'update:progress',
} as const

// Payloads (backend/events/payloads.go).
export interface DataChanged {
  workspaceId: string
  tables: string[]
}
export interface ChatDelta {
  chatId: string
  messageId: string
  seq: number
  text: string
  thinking: string
}
export interface ChatDone {
  chatId: string
  messageId: string
  usage: { input: number; output: number; estimated: boolean }
  ttftMs: number
  tokensPerSec: number
  finishReason: string
}
export interface ChatError {
  chatId: string
  messageId: string
  code: string
  message: string
  retryAfterMs: number
}
/**
 * ChatImport is a chat import's progress: the whole file is checked first (stage checking, nothing written),
 * then read again and written in batches (importing). done of total are bytes of the file read in the stage;
 * chats are those stored so far (what a cancel keeps) of the file's totalChats (counted by the check).
 */
export interface ChatImport {
  workspaceId: string
  stage: 'checking' | 'importing'
  done: number
  total: number
  chats: number
  totalChats: number
}
/**
 * ArchiveProgress is a workspace archive import (stages checking, applying: rows)
 * or export (stages rows, files) running: done of total, total 0 when not known.
 */
export interface ArchiveProgress {
  workspaceId: string
  op: 'import' | 'export'
  stage: 'checking' | 'applying' | 'rows' | 'chunks' | 'files'
  done: number
  total: number
}
/** UpdateProgress is an update being installed: download (bytes done of total), then install (no longer cancellable). */
export interface UpdateProgress {
  stage: 'download' | 'install'
  done: number
  total: number
}
export interface ModelPull {
  providerId: string
  model: string
  status: string
  completed: number
  total: number
  done: boolean
  error: string
}

/** onEvent subscribes to a backend event and returns the unsubscribe function. */
export function onEvent<T>(name: string, handler: (payload: T) => void): () => void {
  return EventsOn(name, (payload: T) => handler(payload))
}
export interface DocumentProgress {
  workspaceId: string
  documentId: string
  stage: string
  done: number
  total: number
  /** When a waiting embedding call is made again (Unix ms); rate-limited and retrying only. */
  retryAt?: number
}
/** Files being copied into the documents (a folder dropped or picked): done of total, name the one being copied; end on the last event. */
/** DocumentsAdding is one add of files (addPaths, pick) listing and copying them in; addId tells two at once apart. */
export interface DocumentsAdding {
  addId: string
  workspaceId: string
  chatId: string
  /** its folders are still being read: done and total are not known yet */
  listing: boolean
  done: number
  total: number
  name: string
  end: boolean
}
export interface DocumentStatus {
  workspaceId: string
  documentId: string
  status: string
  error: string
  chunks: number
}
export interface FilesDropped {
  x: number
  y: number
  paths: string[]
}
