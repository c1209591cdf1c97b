import { create } from 'zustand'
import {
  errorMessage,
  EventNames,
  onEvent,
  toolsApi,
  type DataChanged,
  type ToolApproval,
  type ToolCallEntry,
  type WorkspaceToolServer,
} from '@/api'

export const CALLS_PAGE = 50
const MAX_PAGE = 500 // the backend's largest page

interface WorkspaceToolsState {
  workspaceId: string
  loaded: boolean
  error: string
  servers: WorkspaceToolServer[]
  autoReadOnly: boolean
  approvals: ToolApproval[]
  /** The record of calls, newest first, as far as it is loaded. */
  calls: ToolCallEntry[]
  /** Where the next page starts; '' when everything is loaded. */
  next: string
  callsLoading: boolean
  load: (workspaceId: string) => Promise<void>
  loadServers: () => Promise<void>
  loadApprovals: () => Promise<void>
  /** loadCalls fetches the newest calls again (as many as are shown), or the next page with more. */
  loadCalls: (more?: boolean) => Promise<void>
  setServer: (serverId: string, tools: boolean, plugin: boolean) => Promise<void>
  setRequired: (serverId: string, required: boolean) => Promise<void>
  setAutoReadOnly: (on: boolean) => Promise<void>
  revoke: (a: ToolApproval) => Promise<void>
}

const initial = {
  workspaceId: '',
  loaded: false,
  error: '',
  servers: [] as WorkspaceToolServer[],
  autoReadOnly: false,
  approvals: [] as ToolApproval[],
  calls: [] as ToolCallEntry[],
  next: '',
  callsLoading: false,
}

/** A workspace's tools: which servers it uses, its read-only policy, standing approvals and the record of calls. */
export const useWorkspaceTools = create<WorkspaceToolsState>((set, get) => {
  // Every answer checks it is still for the workspace shown.
  const still = (ws: string) => get().workspaceId === ws
  const fail = (ws: string, e: unknown) => still(ws) && set({ error: errorMessage(e) })
  return {
    ...initial,
    load: async (workspaceId) => {
      if (workspaceId !== get().workspaceId) set({ ...initial, workspaceId })
      if (!workspaceId) return
      try {
        const [servers, policy, approvals, page] = await Promise.all([
          toolsApi.workspaceServers(workspaceId),
          toolsApi.policy(workspaceId),
          toolsApi.approvals(workspaceId),
          toolsApi.calls(workspaceId, '', CALLS_PAGE),
        ])
        if (still(workspaceId)) {
          set({ loaded: true, error: '', servers, autoReadOnly: policy.autoReadOnly, approvals, calls: page.entries, next: page.next })
        }
      } catch (e) {
        if (still(workspaceId)) set({ loaded: true })
        fail(workspaceId, e)
      }
    },
    loadServers: async () => {
      const ws = get().workspaceId
      if (!ws) return
      try {
        const servers = await toolsApi.workspaceServers(ws)
        if (still(ws)) set({ servers })
      } catch (e) {
        fail(ws, e)
      }
    },
    loadApprovals: async () => {
      const ws = get().workspaceId
      if (!ws) return
      try {
        const approvals = await toolsApi.approvals(ws)
        if (still(ws)) set({ approvals })
      } catch (e) {
        fail(ws, e)
      }
    },
    loadCalls: async (more = false) => {
      const { workspaceId: ws, next, calls } = get()
      if (!ws || (more && !next)) return
      set({ callsLoading: true })
      try {
        const page = more
          ? await toolsApi.calls(ws, next, CALLS_PAGE)
          : await toolsApi.calls(ws, '', Math.min(MAX_PAGE, Math.max(CALLS_PAGE, calls.length)))
        if (!still(ws)) return
        set((s) => ({
          calls: more ? [...s.calls, ...page.entries.filter((e) => !s.calls.some((c) => c.id === e.id))] : page.entries,
          next: page.next,
          callsLoading: false,
        }))
      } catch (e) {
        if (still(ws)) set({ callsLoading: false })
        fail(ws, e)
      }
    },
    setServer: async (serverId, tools, plugin) => {
      const ws = get().workspaceId
      try {
        const servers = await toolsApi.setWorkspaceServer(ws, serverId, tools, plugin)
        if (still(ws)) set({ servers, error: '' })
      } catch (e) {
        fail(ws, e)
      }
    },
    setRequired: async (serverId, required) => {
      const ws = get().workspaceId
      try {
        const servers = await toolsApi.setPluginRequired(ws, serverId, required)
        if (still(ws)) set({ servers, error: '' })
      } catch (e) {
        fail(ws, e)
      }
    },
    setAutoReadOnly: async (on) => {
      const ws = get().workspaceId
      set({ autoReadOnly: on })
      try {
        const p = await toolsApi.setPolicy({ workspaceId: ws, autoReadOnly: on })
        if (still(ws)) set({ autoReadOnly: p.autoReadOnly, error: '' })
      } catch (e) {
        if (still(ws)) set({ autoReadOnly: !on })
        fail(ws, e)
      }
    },
    revoke: async (a) => {
      const ws = get().workspaceId
      try {
        await toolsApi.revokeApproval(a.workspaceId, a.serverId, a.tool)
        if (still(ws)) set((s) => ({ approvals: s.approvals.filter((x) => !(x.serverId === a.serverId && x.tool === a.tool)), error: '' }))
      } catch (e) {
        fail(ws, e)
      }
    },
  }
})

/**
 * watchWorkspaceTools keeps the section current while it is shown: server
 * changes, approvals given from a chat, and new calls. A burst of changes
 * reloads once.
 */
export function watchWorkspaceTools(): () => void {
  const timers: Record<string, ReturnType<typeof setTimeout>> = {}
  const later = (key: string, f: () => void) => {
    clearTimeout(timers[key])
    timers[key] = setTimeout(f, 150)
  }
  const off = onEvent<DataChanged>(EventNames.dataChanged, (ev) => {
    const s = useWorkspaceTools.getState()
    if (ev.workspaceId && ev.workspaceId !== s.workspaceId) return
    if (ev.tables.includes('mcp_servers') || ev.tables.includes('workspace_tool_servers')) later('servers', () => void s.loadServers())
    if (ev.tables.includes('tool_approvals') || ev.tables.includes('mcp_servers')) later('approvals', () => void s.loadApprovals())
    if (ev.tables.includes('tool_calls')) later('calls', () => void s.loadCalls())
  })
  return () => {
    Object.values(timers).forEach(clearTimeout)
    off()
  }
}

/** resetWorkspaceTools empties the slice (tests). */
export function resetWorkspaceTools() {
  useWorkspaceTools.setState({ ...initial })
}
