// Plain<T> strips the helper methods Wails adds to generated model classes, so
// the UI and tests deal in plain objects that still follow the Go structs.
import type { archive, chat, llm, main, models, rag, settings, store, workspace } from '../../wailsjs/go/models'

type Fn = (...args: never[]) => unknown
export type Plain<T> = T extends (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { [K in keyof T as T[K] extends Fn ? never : K]: Plain<T[K]> }
    : T

export type Bootstrap = Plain<main.Bootstrap>
export type Identity = Plain<store.Identity>
export type Workspace = Plain<workspace.Workspace>
export type WorkspaceSettings = Plain<workspace.Settings>
export type WorkspaceInput = Plain<workspace.Input>
export type WorkspaceSettingsChange = Plain<workspace.SettingsChange>
export type WorkspaceOverview = Plain<workspace.Overview>
export type ModelUsage = Plain<workspace.ModelUsage>
export type DayUsage = Plain<workspace.DayUsage>
export type ArchiveExport = Plain<archive.ExportResult>
export type ArchiveReport = Plain<archive.Report>
export type ArchiveTableReport = Plain<archive.TableReport>
export type AppSettings = Plain<settings.AppSettings>
export type Notice = Plain<settings.Notice>
export type Theme = 'system' | 'light' | 'dark'

export type Preset = Plain<llm.Preset>
export type ParamSupport = Plain<llm.ParamSupport>
export type Provider = Plain<models.Provider>
export type ProviderInput = Plain<models.ProviderInput>
export type Model = Plain<models.Model>
export type TestResult = Plain<models.TestResult>
export type Defaults = Plain<models.Defaults>
export type KeychainState = Plain<models.KeychainState>
export type Profile = Plain<models.Profile>
export type Template = Plain<models.Template>

export type Chat = Plain<chat.Chat>
export type ChatPage = Plain<chat.ChatPage>
export type ChatView = Plain<chat.ChatView>
export type ChatSettings = Plain<chat.ChatSettings>
export type Overrides = Plain<chat.Overrides>
export type Message = Plain<chat.Message>
export type Citation = Plain<chat.Citation>
export type Attachment = Plain<chat.Attachment>
export type AttachmentInput = Plain<chat.AttachmentInput>
export type SendInput = Plain<chat.SendInput>
export type SendResult = Plain<chat.SendResult>
export type SearchHit = Plain<chat.SearchHit>
export type RunningAnswer = Plain<chat.RunningAnswer>
export type SearchQuery = Plain<chat.SearchQuery>
export type ListFilter = Plain<chat.ListFilter>
export type Totals = Plain<chat.Totals>
export type Note = Plain<chat.Note>
export type ToolsInfo = Plain<chat.ToolsInfo>
export type ToolBrief = Plain<chat.ToolBrief>

export type DocumentInfo = Plain<rag.Document>
export type AddResult = Plain<rag.AddResult>
export type AddReport = Plain<rag.AddReport>
export type DocumentPage = Plain<rag.DocumentPage>
export type IndexStatus = Plain<rag.IndexStatus>
export type BulkResult = Plain<rag.BulkResult>
export type DocSearchRequest = Plain<rag.SearchRequest>
export type DocSearchResult = Plain<rag.SearchResult>
export type SearchCheck = Plain<rag.SearchCheck>
export type Source = Plain<rag.Source>
export type FileFormat = Plain<rag.FileFormat>
export type ImportResult = Plain<chat.ImportResult>
