import * as Workspaces from '../../wailsjs/go/workspace/API'
import * as Archive from '../../wailsjs/go/archive/API'
import { call } from './errors'
import type {
  ArchiveExport,
  ArchiveReport,
  Workspace,
  WorkspaceInput,
  WorkspaceOverview,
  WorkspaceSettings,
  WorkspaceSettingsChange,
} from './types'
import { fileBytes, wire } from './wire'

export const workspacesApi = {
  list: (): Promise<Workspace[]> => call(Workspaces.List()),
  get: (id: string): Promise<Workspace> => call(Workspaces.Get(id)),
  create: (input: WorkspaceInput): Promise<Workspace> => call(Workspaces.Create(wire(input))),
  update: (id: string, input: WorkspaceInput): Promise<Workspace> => call(Workspaces.Update(id, wire(input))),
  setArchived: (id: string, archived: boolean): Promise<Workspace> => call(Workspaces.SetArchived(id, archived)),
  /** remove deletes a workspace and returns the token for undo. */
  remove: (id: string): Promise<string> => call(Workspaces.Delete(id)),
  undoDelete: (token: string): Promise<Workspace> => call(Workspaces.UndoDelete(token)),
  setLastUsed: (id: string): Promise<void> => call(Workspaces.SetLastUsed(id)),
  settings: (workspaceId: string): Promise<WorkspaceSettings> => call(Workspaces.Settings(workspaceId)),
  updateSettings: (s: WorkspaceSettings): Promise<WorkspaceSettingsChange> => call(Workspaces.UpdateSettings(wire(s))),
  reindexDocuments: (workspaceId: string): Promise<number> => call(Workspaces.ReindexDocuments(workspaceId)),
  /** allowedModels lists the model refs a workspace allows; empty means all. */
  allowedModels: (workspaceId: string): Promise<string[]> => call(Workspaces.AllowedModels(workspaceId)),
  setAllowedModels: (workspaceId: string, refs: string[]): Promise<string[]> => call(Workspaces.SetAllowedModels(workspaceId, refs)),
  overview: (workspaceId: string): Promise<WorkspaceOverview> => call(Workspaces.Overview(workspaceId)),
  /** exportArchive asks where to save the workspace's .bookbag file; path is '' when cancelled. */
  exportArchive: (id: string): Promise<ArchiveExport> => call(Archive.ExportWorkspace(id)),
  /** importArchive asks for a .bookbag file and imports it; workspaceId is '' when cancelled. */
  importArchive: (): Promise<ArchiveReport> => call(Archive.ImportWorkspace()),
  /** cancelArchive stops the running archive import (adds nothing) or export (writes no file); false when none runs. */
  cancelArchive: (): Promise<boolean> => call(Archive.CancelArchive()),
  /** importArchiveFile imports a file chosen in the webview (file input). */
  importArchiveFile: async (file: File): Promise<ArchiveReport> =>
    call(Archive.ImportWorkspaceBytes(file.name, await fileBytes(file, 'Choose a .bookbag file…'))),
}
