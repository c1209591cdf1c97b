// Test helpers for the sync feature: an event bus standing in for Wails
// events, and status/member builders.
import type { SyncMembers, SyncStatus } from '@/api'

type Handler = (payload: unknown) => void
const handlers = new Map<string, Set<Handler>>()

export const bus = {
  on: (name: string, h: Handler) => {
    if (!handlers.has(name)) handlers.set(name, new Set())
    handlers.get(name)!.add(h)
    return () => handlers.get(name)?.delete(h)
  },
  emit: (name: string, payload: unknown) => handlers.get(name)?.forEach((h) => h(payload)),
  clear: () => handlers.clear(),
}

export function syncModule(base: Record<string, unknown>) {
  return { ...base, onEvent: bus.on }
}

export function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    workspaceId: 'w1',
    linked: true,
    serverUrl: 'https://office.example.com',
    email: 'ada@example.com',
    userId: 'u-ada',
    displayName: 'Ada',
    role: 'admin',
    state: 'synced',
    pending: 0,
    lastSyncedAt: Date.now(),
    error: '',
    errorCode: '',
    signedIn: true,
    keychainAvailable: true,
    rejections: [],
    ...over,
  }
}

export function members(over: Partial<SyncMembers> = {}): SyncMembers {
  return {
    workspaceId: 'w1',
    members: [
      { userId: 'u-ada', email: 'ada@example.com', displayName: 'Ada', role: 'admin', joinedAt: 1, me: true },
      { userId: 'u-bob', email: 'bob@example.com', displayName: 'Bob', role: 'member', joinedAt: 2, me: false },
    ],
    invitations: [],
    canManage: true,
    offline: false,
    ...over,
  }
}
