import { create } from 'zustand'
import {
  errorMessage,
  EventNames,
  onEvent,
  toolsApi,
  type DataChanged,
  type ServerTool,
  type ToolImportReport,
  type ToolServer,
  type ToolServerInput,
  type ToolServerUpdate,
} from '@/api'

/** A server's tool list as the page shows it: fetched when its row is opened (that starts the server). */
export interface ToolList {
  loading: boolean
  tools?: ServerTool[]
  error?: string
}

interface ServersState {
  loaded: boolean
  loading: boolean
  error: string
  servers: ToolServer[]
  /** Tool lists by server id. */
  tools: Record<string, ToolList>
  load: () => Promise<void>
  /** ensureLoaded loads the list once, for views outside the Tools page (the chat's tool cards). */
  ensureLoaded: () => void
  add: (input: ToolServerInput) => Promise<ToolServer>
  update: (id: string, input: ToolServerInput) => Promise<ToolServerUpdate>
  setEnabled: (id: string, enabled: boolean) => Promise<void>
  restart: (id: string) => Promise<void>
  remove: (id: string) => Promise<void>
  loadTools: (id: string) => Promise<void>
  importText: (text: string, update: boolean) => Promise<ToolImportReport>
}

const initial = { loaded: false, loading: false, error: '', servers: [] as ToolServer[], tools: {} as Record<string, ToolList> }

// Each load is numbered: a slow answer that arrives after a newer one is dropped.
let loads = 0

function upsert(list: ToolServer[], sv: ToolServer): ToolServer[] {
  const i = list.findIndex((x) => x.id === sv.id)
  if (i < 0) return [...list, sv].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
  return list.map((x) => (x.id === sv.id ? sv : x))
}

/** The tool servers of Settings → Tools: every server with its status, and the tools of the opened ones. */
export const useToolServers = create<ServersState>((set, get) => ({
  ...initial,
  load: async () => {
    const n = ++loads
    set({ loading: true })
    try {
      const servers = await toolsApi.listServers()
      if (n === loads) set({ servers, loaded: true, loading: false, error: '' })
    } catch (e) {
      if (n === loads) set({ loaded: true, loading: false, error: errorMessage(e) })
    }
  },
  ensureLoaded: () => {
    if (!get().loaded && !get().loading) void get().load()
  },
  add: async (input) => {
    const sv = await toolsApi.addServer(input)
    set((s) => ({ servers: upsert(s.servers, sv) }))
    return sv
  },
  update: async (id, input) => {
    const up = await toolsApi.updateServer(id, input)
    // The runtime restarts it with the new settings: its old tool list may be stale.
    set((s) => ({ servers: upsert(s.servers, up.server), tools: { ...s.tools, [id]: { loading: false } } }))
    return up
  },
  setEnabled: async (id, enabled) => {
    try {
      const sv = await toolsApi.setServerEnabled(id, enabled)
      set((s) => ({ servers: upsert(s.servers, sv), error: '' }))
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  restart: async (id) => {
    try {
      const sv = await toolsApi.restartServer(id)
      set((s) => ({ servers: upsert(s.servers, sv), error: '' }))
      // An open tool list is fetched again, which starts the server at once.
      if (get().tools[id]?.tools || get().tools[id]?.error) void get().loadTools(id)
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  remove: async (id) => {
    await toolsApi.removeServer(id)
    set((s) => {
      const tools = { ...s.tools }
      delete tools[id]
      return { servers: s.servers.filter((x) => x.id !== id), tools }
    })
  },
  loadTools: async (id) => {
    set((s) => ({ tools: { ...s.tools, [id]: { ...s.tools[id], loading: true } } }))
    try {
      const tools = await toolsApi.serverTools(id)
      set((s) => ({ tools: { ...s.tools, [id]: { loading: false, tools } } }))
    } catch (e) {
      set((s) => ({ tools: { ...s.tools, [id]: { loading: false, error: errorMessage(e) } } }))
    }
    // Starting it changed its status.
    void get().load()
  },
  importText: async (text, update) => {
    try {
      return await toolsApi.importServers(text, update)
    } finally {
      // Servers before a failing one were added: show them either way.
      void get().load()
    }
  },
}))

/**
 * watchServers reloads the list when the backend says servers changed (a
 * status change: starting, ready, failed), while the page is open; the
 * returned function ends it. A burst of changes reloads once.
 */
export function watchServers(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const off = onEvent<DataChanged>(EventNames.dataChanged, (ev) => {
    if (!ev.tables.includes('mcp_servers')) return
    clearTimeout(timer)
    timer = setTimeout(() => void useToolServers.getState().load(), 100)
  })
  return () => {
    clearTimeout(timer)
    off()
  }
}

/** resetToolServers empties the slice (tests). */
export function resetToolServers() {
  loads = 0
  useToolServers.setState({ ...initial })
}
