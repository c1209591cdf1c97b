import * as D from '../../wailsjs/go/rag/API'
import { call } from './errors'
import type { AddReport, AddResult, BulkResult, DocSearchRequest, DocSearchResult, DocumentInfo, DocumentPage, FileFormat, IndexStatus, SearchCheck } from './types'
import { fileBytes, wire } from './wire'

export const documentsApi = {
  addPaths: (workspaceId: string, chatId: string, paths: string[]): Promise<AddReport> => call(D.AddPaths(workspaceId, chatId, paths)),
  /** pick opens the native file (or folder) dialog and adds what is chosen. */
  pick: (workspaceId: string, chatId = '', folder = false): Promise<AddReport> =>
    call(D.PickDocuments(workspaceId, chatId, folder)),
  /** cancelAdd stops the add addId (from its documents:adding events), or with none every add to the workspace still listing or copying; those added before stay. */
  cancelAdd: (workspaceId: string, addId = ''): Promise<void> => call(D.CancelAdd(workspaceId, addId)),
  /** addFile sends one file chosen in the webview; one too large for the bridge is refused, naming the native way (instead). */
  addFile: async (workspaceId: string, chatId: string, file: File, instead = 'Add files'): Promise<AddResult> =>
    call(D.AddBytes(workspaceId, chatId, file.name, await fileBytes(file, instead))),
  list: (workspaceId: string, chatId = '', offset = 0, limit = 100): Promise<DocumentPage> => call(D.List(workspaceId, chatId, offset, limit)),
  get: (id: string): Promise<DocumentInfo> => call(D.Get(id)),
  cancel: (id: string): Promise<DocumentInfo> => call(D.Cancel(id)),
  remove: (id: string): Promise<void> => call(D.Delete(id)),
  reindex: (id: string): Promise<DocumentInfo> => call(D.Reindex(id)),
  reembed: (workspaceId: string): Promise<IndexStatus> => call(D.Reembed(workspaceId)),
  /** queues again every failed document of the workspace's own list */
  retryFailed: (workspaceId: string): Promise<BulkResult> => call(D.RetryFailed(workspaceId)),
  /** deletes every failed, canceled or refused document of the workspace's own list */
  removeFailed: (workspaceId: string): Promise<BulkResult> => call(D.RemoveFailed(workspaceId)),
  /** cancels every queued document of the workspace's own list */
  cancelQueued: (workspaceId: string): Promise<BulkResult> => call(D.CancelQueued(workspaceId)),
  cancelReembed: (workspaceId: string): Promise<IndexStatus> => call(D.CancelReembed(workspaceId)),
  status: (workspaceId: string): Promise<IndexStatus> => call(D.Status(workspaceId)),
  search: (req: DocSearchRequest): Promise<DocSearchResult> => call(D.Search(wire(req))),
  /** checkSearch asks look-ups made from the workspace's own passages by keywords, the embedding model and hybrid. */
  checkSearch: (workspaceId: string): Promise<SearchCheck> => call(D.CheckSearch(workspaceId)),
  cancelSearchCheck: (workspaceId: string): Promise<void> => call(D.CancelSearchCheck(workspaceId)),
  openFile: (id: string): Promise<void> => call(D.OpenFile(id)),
  /** The document formats the backend ingests (backend/rag/extract.Formats), one entry per extension. */
  acceptedFormats: (): Promise<FileFormat[]> => call(D.AcceptedFormats()),
}
