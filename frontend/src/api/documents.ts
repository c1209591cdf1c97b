import * as D from '../../wailsjs/go/rag/API'
import { call } from './errors'
import type { AddReport, AddResult, DocSearchRequest, DocSearchResult, DocumentInfo, DocumentPage, FileFormat, IndexStatus } from './types'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const wire = (v: unknown) => v as any

/** bytesToBase64 encodes file bytes for the bound AddBytes ([]byte travels as base64). */
export function bytesToBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf)
  let s = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(s)
}

export const documentsApi = {
  addPaths: (workspaceId: string, chatId: string, paths: string[]): Promise<AddReport> => call(D.AddPaths(workspaceId, chatId, paths)),
  addFile: async (workspaceId: string, chatId: string, file: File): Promise<AddResult> =>
    call(D.AddBytes(workspaceId, chatId, file.name, wire(bytesToBase64(await file.arrayBuffer())))),
  list: (workspaceId: string, chatId = '', offset = 0, limit = 100): Promise<DocumentPage> => call(D.List(workspaceId, chatId, offset, limit)),
  get: (id: string): Promise<DocumentInfo> => call(D.Get(id)),
  cancel: (id: string): Promise<DocumentInfo> => call(D.Cancel(id)),
  remove: (id: string): Promise<void> => call(D.Delete(id)),
  reindex: (id: string): Promise<DocumentInfo> => call(D.Reindex(id)),
  reembed: (workspaceId: string): Promise<IndexStatus> => call(D.Reembed(workspaceId)),
  cancelReembed: (workspaceId: string): Promise<IndexStatus> => call(D.CancelReembed(workspaceId)),
  status: (workspaceId: string): Promise<IndexStatus> => call(D.Status(workspaceId)),
  search: (req: DocSearchRequest): Promise<DocSearchResult> => call(D.Search(wire(req))),
  openFile: (id: string): Promise<void> => call(D.OpenFile(id)),
  /** The document formats the backend ingests (backend/rag/extract.Formats), one entry per extension. */
  acceptedFormats: (): Promise<FileFormat[]> => call(D.AcceptedFormats()),
}
