import * as C from '../../wailsjs/go/chat/API'
import { call } from './errors'
import type { Chat, ChatPage, ImportResult, ChatSettings, ChatView, ListFilter, Message, RunningAnswer, SearchHit, SearchQuery, SendInput, SendResult, ToolsInfo } from './types'
import { fileBytes, wire, wireBytes } from './wire'

export const chatApi = {
  createChat: (workspaceId: string, modelRef = ''): Promise<Chat> => call(C.CreateChat(workspaceId, modelRef)),
  listChats: (f: ListFilter): Promise<ChatPage> => call(C.ListChats(wire(f))),
  getChat: (id: string): Promise<Chat> => call(C.GetChat(id)),
  viewChat: (id: string, limit = 0, beforeId = ''): Promise<ChatView> => call(C.ViewChat(id, limit, beforeId)),
  renameChat: (id: string, title: string): Promise<Chat> => call(C.RenameChat(id, title)),
  setPinned: (id: string, pinned: boolean): Promise<Chat> => call(C.SetPinned(id, pinned)),
  setArchived: (id: string, archived: boolean): Promise<Chat> => call(C.SetArchived(id, archived)),
  setChatSettings: (id: string, cs: ChatSettings): Promise<Chat> => call(C.SetChatSettings(id, wire(cs))),
  moveChat: (id: string, workspaceId: string): Promise<Chat> => call(C.MoveChat(id, workspaceId)),
  deleteChat: (id: string): Promise<string> => call(C.DeleteChat(id)),
  undoDelete: (token: string): Promise<Chat> => call(C.UndoDelete(token)),
  send: (input: SendInput): Promise<SendResult> => call(C.Send(wire(input))),
  stop: (messageId: string): Promise<void> => call(C.Stop(messageId)),
  /** running lists the answers being generated with their text up to delta seq (a reloaded window joins later deltas to it). */
  running: (): Promise<RunningAnswer[]> => call(C.Running()),
  regenerate: (messageId: string): Promise<Message> => call(C.Regenerate(messageId)),
  editAndResend: (messageId: string, content: string): Promise<SendResult> => call(C.EditAndResend(messageId, content)),
  switchBranch: (messageId: string): Promise<ChatView> => call(C.SwitchBranch(messageId)),
  deleteMessage: (messageId: string): Promise<ChatView> => call(C.DeleteMessage(messageId)),
  search: (q: SearchQuery): Promise<SearchHit[]> => call(C.Search(wire(q))),
  openAt: (messageId: string): Promise<ChatView> => call(C.OpenAt(messageId)),
  exportChat: (id: string, format: 'markdown' | 'json'): Promise<string> => call(C.ExportChat(id, format)),
  /** importChats imports a file read in the webview (bytes travel base64). */
  importChats: async (workspaceId: string, file: File): Promise<ImportResult> =>
    call(C.ImportChats(workspaceId, file.name, await fileBytes(file, 'Choose a file…'))),
  /** pickChats opens the native file dialog and imports the chosen chat file; format is '' when cancelled. */
  pickChats: (workspaceId: string): Promise<ImportResult> => call(C.PickChats(workspaceId)),
  /** saveExport asks where to save an exported chat and writes it; returns the path or '' if cancelled. */
  saveExport: (title: string, defaultName: string, text: string): Promise<string> =>
    call(C.SaveExport(title, defaultName, wireBytes(new TextEncoder().encode(text)))),
  /** cancelImport stops the running import: the chats it stored stay (its error says how many), the rest is not added. */
  cancelImport: (): Promise<void> => call(C.CancelImport()),
  /** toolsInfo says which tools the chat's model is offered and what they cost, or why it gets none (starts the workspace's servers). */
  toolsInfo: (chatId: string): Promise<ToolsInfo> => call(C.ToolsInfo(chatId)),
  attachment: (sha256: string): Promise<{ mime: string; data: string }> =>
    call(C.Attachment(sha256)) as unknown as Promise<{ mime: string; data: string }>,
}
