import { create } from 'zustand'
import { errorMessage, workspacesApi, type Workspace } from '@/api'

interface WorkspaceState {
  workspaces: Workspace[]
  currentId: string
  error: string
  init: (workspaces: Workspace[], currentId: string) => void
  setCurrent: (id: string) => void
  refresh: () => Promise<void>
}

/** The workspace slice: the list and the open workspace. */
export const useWorkspaceStore = create<WorkspaceState>((set) => ({
  workspaces: [],
  currentId: '',
  error: '',
  init: (workspaces, currentId) => set({ workspaces, currentId }),
  setCurrent: (currentId) => set({ currentId }),
  refresh: async () => {
    try {
      set({ workspaces: await workspacesApi.list(), error: '' })
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
}))

export function useCurrentWorkspace(): Workspace | undefined {
  return useWorkspaceStore((s) => s.workspaces.find((w) => w.id === s.currentId))
}
