import { EventsOn } from '../../wailsjs/runtime/runtime'

// Event names emitted by the backend (backend/events/events.go).
export const EventNames = {
  chatDelta: 'chat:delta',
  chatDone: 'chat:done',
  chatError: 'chat:error',
  documentProgress: 'document:progress',
  documentStatus: 'document:status',
  dataChanged: 'data:changed',
  syncStatus: 'sync:status',
  modelPull: 'model:pull',
} as const

export interface DataChanged {
  workspaceId: string
  tables: string[]
}

/** onEvent subscribes to a backend event and returns the unsubscribe function. */
export function onEvent<T>(name: string, handler: (payload: T) => void): () => void {
  return EventsOn(name, (payload: T) => handler(payload))
}
