import * as Workspaces from '../../wailsjs/go/workspace/API'
import { call } from './errors'
import type { Workspace, WorkspaceSettings } from './types'

export const workspacesApi = {
  list: (): Promise<Workspace[]> => call(Workspaces.List()),
  get: (id: string): Promise<Workspace> => call(Workspaces.Get(id)),
  settings: (workspaceId: string): Promise<WorkspaceSettings> => call(Workspaces.Settings(workspaceId)),
}
