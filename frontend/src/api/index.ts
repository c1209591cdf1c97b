// The only module that talks to Go. Features import from '@/api'; tests
// replace it with vi.mock('@/api').
export { appApi } from './app'
export { settingsApi } from './settings'
export { workspacesApi } from './workspaces'
export { modelsApi } from './models'
export { chatApi } from './chat'
export { documentsApi, bytesToBase64 } from './documents'
export { onEvent, EventNames } from './events'
export type { DataChanged, ChatDelta, ChatDone, ChatError, ModelPull, DocumentProgress, DocumentStatus, FilesDropped } from './events'
export { ApiError, call, errorMessage, toApiError } from './errors'
export type { ErrorCode } from './errors'
export type * from './types'
