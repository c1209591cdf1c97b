import { create } from 'zustand'
import { errorMessage, workspacesApi, type Workspace, type WorkspaceInput } from '@/api'

interface WorkspaceState {
  workspaces: Workspace[]
  currentId: string
  error: string
  /** switcherOpen: the quick switcher dialog (Ctrl+Shift+K) is open. */
  switcherOpen: boolean
  init: (workspaces: Workspace[], currentId: string) => void
  /** setCurrent opens a workspace and remembers it for the next start. */
  setCurrent: (id: string) => void
  setSwitcherOpen: (open: boolean) => void
  refresh: () => Promise<void>
  create: (input: WorkspaceInput) => Promise<Workspace>
  update: (id: string, input: WorkspaceInput) => Promise<Workspace>
  setArchived: (id: string, archived: boolean) => Promise<Workspace>
  /** remove deletes a workspace (it leaves every list at once) and returns the undo token. */
  remove: (id: string) => Promise<string>
  undoRemove: (token: string) => Promise<Workspace>
}

/** SAVE_DELAY_MS: how long after a switch the last used workspace is saved. */
export const SAVE_DELAY_MS = 300
let saveTimer: ReturnType<typeof setTimeout> | undefined

/** byName orders workspaces as the backend does: the default first, then by name. */
export function byName(a: Workspace, b: Workspace): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })
}

function upsert(list: Workspace[], w: Workspace): Workspace[] {
  return [...list.filter((x) => x.id !== w.id), w].sort(byName)
}

/** The workspace slice: the list and the open workspace. */
export const useWorkspaceStore = create<WorkspaceState>((set, get) => ({
  workspaces: [],
  currentId: '',
  error: '',
  switcherOpen: false,
  init: (workspaces, currentId) => set({ workspaces, currentId }),
  setCurrent: (currentId) => {
    if (!currentId || currentId === get().currentId) return
    set({ currentId })
    // Remembered a moment later, off the path of the switch (a write), and
    // once for a quick run of switches.
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void workspacesApi.setLastUsed(currentId).catch(() => {}), SAVE_DELAY_MS)
  },
  setSwitcherOpen: (switcherOpen) => set({ switcherOpen }),
  refresh: async () => {
    try {
      const workspaces = await workspacesApi.list()
      set({ workspaces, error: '' })
      // The open workspace was deleted elsewhere (another window, a purge): fall back to the default.
      const { currentId } = get()
      if (currentId && !workspaces.some((w) => w.id === currentId)) {
        const def = workspaces.find((w) => w.isDefault) ?? workspaces[0]
        if (def) get().setCurrent(def.id)
      }
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  create: async (input) => {
    const w = await workspacesApi.create(input)
    set((s) => ({ workspaces: upsert(s.workspaces, w) }))
    return w
  },
  update: async (id, input) => {
    const w = await workspacesApi.update(id, input)
    set((s) => ({ workspaces: upsert(s.workspaces, w) }))
    return w
  },
  setArchived: async (id, archived) => {
    const w = await workspacesApi.setArchived(id, archived)
    set((s) => ({ workspaces: upsert(s.workspaces, w) }))
    if (archived && get().currentId === id) {
      const def = get().workspaces.find((x) => x.isDefault)
      if (def) get().setCurrent(def.id)
    }
    return w
  },
  remove: async (id) => {
    const token = await workspacesApi.remove(id)
    set((s) => ({ workspaces: s.workspaces.filter((w) => w.id !== id) }))
    if (get().currentId === id) {
      const def = get().workspaces.find((w) => w.isDefault) ?? get().workspaces[0]
      if (def) get().setCurrent(def.id)
    }
    return token
  },
  undoRemove: async (token) => {
    const w = await workspacesApi.undoDelete(token)
    set((s) => ({ workspaces: upsert(s.workspaces, w) }))
    return w
  },
}))

export function useCurrentWorkspace(): Workspace | undefined {
  return useWorkspaceStore((s) => s.workspaces.find((w) => w.id === s.currentId))
}

/** matches reports whether a workspace's name matches a quick-filter query (all words, any order). */
export function matches(w: Workspace, query: string): boolean {
  const name = w.name.toLowerCase()
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => name.includes(word))
}

/** isSwitcherShortcut reports Ctrl+Shift+K (Cmd+Shift+K): Ctrl+K is search, Ctrl+Shift+O new chat. */
export function isSwitcherShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k'
}
