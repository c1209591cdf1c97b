import { useEffect, useRef } from 'react'
import { create } from 'zustand'
import { errorMessage, onEvent, syncApi, type SyncStatus, type SyncStatusEvent } from '@/api'

const SYNC_STATUS = 'sync:status'
const DATA_CHANGED = 'data:changed'

/** unlinkedStatus is what a workspace not shared with a server reports. */
export function unlinkedStatus(workspaceId: string): SyncStatus {
  return {
    workspaceId,
    linked: false,
    serverUrl: '',
    email: '',
    userId: '',
    displayName: '',
    role: '',
    state: 'unlinked',
    pending: 0,
    lastSyncedAt: 0,
    error: '',
    errorCode: '',
    signedIn: false,
    keychainAvailable: true,
    rejections: [],
  }
}

interface SyncSlice {
  statuses: Record<string, SyncStatus>
  /** busy: a Retry / sign-in in flight, by workspace. */
  busy: Record<string, boolean>
  actionError: Record<string, string>
  load: (workspaceId: string) => Promise<void>
  set: (status: SyncStatus) => void
  onStatusEvent: (e: SyncStatusEvent) => void
  retry: (workspaceId: string) => Promise<void>
  reconnect: (workspaceId: string, password: string) => Promise<boolean>
  signOut: (workspaceId: string) => Promise<void>
  unlink: (workspaceId: string) => Promise<void>
  clearRejections: (workspaceId: string) => Promise<void>
}

/** The sync slice: each workspace's sync state, kept current by sync:status events. */
export const useSyncStore = create<SyncSlice>((set, get) => {
  const run = async (ws: string, f: () => Promise<SyncStatus | void>): Promise<boolean> => {
    set((s) => ({ busy: { ...s.busy, [ws]: true }, actionError: { ...s.actionError, [ws]: '' } }))
    try {
      const st = await f()
      if (st) get().set(st)
      return true
    } catch (e) {
      set((s) => ({ actionError: { ...s.actionError, [ws]: errorMessage(e) } }))
      void get().load(ws)
      return false
    } finally {
      set((s) => ({ busy: { ...s.busy, [ws]: false } }))
    }
  }
  return {
    statuses: {},
    busy: {},
    actionError: {},
    load: async (ws) => {
      try {
        get().set(await syncApi.status(ws))
      } catch (e) {
        set((s) => ({ actionError: { ...s.actionError, [ws]: errorMessage(e) } }))
      }
    },
    set: (st) => set((s) => ({ statuses: { ...s.statuses, [st.workspaceId]: st } })),
    onStatusEvent: (e) => {
      const old = get().statuses[e.workspaceId] ?? unlinkedStatus(e.workspaceId)
      get().set({
        ...old,
        linked: e.state !== 'unlinked',
        state: e.state,
        pending: e.pending,
        lastSyncedAt: e.lastSyncedAt,
        error: e.error,
        errorCode: e.state === 'unlinked' ? '' : old.errorCode,
      })
      // Details (error code, refused changes, session) come with the full status.
      if (e.state !== 'syncing') void get().load(e.workspaceId)
    },
    retry: async (ws) => {
      await run(ws, () => syncApi.syncNow(ws))
    },
    reconnect: (ws, password) => run(ws, () => syncApi.reconnect(ws, password)),
    signOut: async (ws) => {
      await run(ws, () => syncApi.signOut(ws))
    },
    unlink: async (ws) => {
      await run(ws, async () => {
        await syncApi.unlink(ws)
        return unlinkedStatus(ws)
      })
    },
    clearRejections: async (ws) => {
      await run(ws, () => syncApi.clearRejections(ws))
    },
  }
})

// One subscription to sync:status for however many components watch.
let watchers = 0
let unsubscribe: (() => void) | null = null

function watch() {
  if (watchers++ === 0) {
    unsubscribe = onEvent<SyncStatusEvent>(SYNC_STATUS, (e) => useSyncStore.getState().onStatusEvent(e))
  }
  return () => {
    if (--watchers === 0) {
      unsubscribe?.()
      unsubscribe = null
    }
  }
}

/** useSyncStatus loads a workspace's sync state and keeps it current. */
export function useSyncStatus(workspaceId: string): SyncStatus | undefined {
  const status = useSyncStore((s) => s.statuses[workspaceId])
  useEffect(() => {
    if (!workspaceId) return
    const stop = watch()
    void useSyncStore.getState().load(workspaceId)
    return stop
  }, [workspaceId])
  return status
}

/** useDataChanged calls f when the backend says tables of a workspace changed. */
export function useDataChanged(workspaceId: string, tables: string[], f: () => void) {
  const key = tables.join(',')
  const fn = useRef(f)
  fn.current = f
  useEffect(() => {
    if (!workspaceId) return
    const want = key.split(',')
    return onEvent<{ workspaceId: string; tables: string[] }>(DATA_CHANGED, (e) => {
      if (e.workspaceId === workspaceId && e.tables.some((t) => want.includes(t))) fn.current()
    })
  }, [workspaceId, key])
}

/** resetSyncStore empties the slice (tests). */
export function resetSyncStore() {
  useSyncStore.setState({ statuses: {}, busy: {}, actionError: {} })
}

/** lastSyncedText says when a workspace last synced, in words. */
export function lastSyncedText(at: number, now = Date.now()): string {
  if (!at) return 'Never synced'
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 45) return 'Synced just now'
  const m = Math.round(s / 60)
  if (m < 60) return `Synced ${m} min ago`
  const d = new Date(at)
  const sameDay = new Date(now).toDateString() === d.toDateString()
  return `Synced ${sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString()}`
}
