// A fake of '@/api' for component tests:
//   vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())
import { vi } from 'vitest'
import type { AppSettings, Bootstrap } from '@/api/types'
import { ApiError, call, errorMessage, toApiError } from '@/api/errors'

export const ws = { id: 'w1', name: 'Personal', icon: '', color: '', isDefault: true, archivedAt: 0, createdAt: 1, updatedAt: 1 }

export function bootstrap(over: Partial<Bootstrap> = {}): Bootstrap {
  return {
    state: 'ready',
    message: '',
    dataDir: '/data',
    databasePath: '/data/bookbag.db',
    version: '1.0.0',
    theme: 'system',
    identity: { deviceId: 'd', userId: 'u', displayName: 'Ada' },
    workspaces: [ws],
    currentWorkspaceId: 'w1',
    firstRun: true,
    ...over,
  }
}

export function settings(over: Partial<AppSettings> = {}): AppSettings {
  return {
    theme: 'system',
    dataDir: '/data',
    databasePath: '/data/bookbag.db',
    logDir: '/data/logs',
    version: '1.0.0',
    schemaVersion: 2,
    deviceId: 'd',
    displayName: 'Ada',
    ...over,
  }
}

export function fakeApiModule() {
  return {
    appApi: {
      bootstrap: vi.fn(async () => bootstrap()),
      ready: vi.fn(async () => {}),
      moveDatabaseAside: vi.fn(async () => '/data/bookbag.db.damaged-1'),
      restart: vi.fn(async () => {}),
      quit: vi.fn(async () => {}),
    },
    settingsApi: {
      get: vi.fn(async () => settings()),
      setTheme: vi.fn(async (theme: string) => settings({ theme })),
      setDisplayName: vi.fn(async (displayName: string) => settings({ displayName })),
      openLogFolder: vi.fn(async () => {}),
      openDataFolder: vi.fn(async () => {}),
    },
    workspacesApi: {
      list: vi.fn(async () => [ws]),
      get: vi.fn(async () => ws),
      settings: vi.fn(),
    },
    onEvent: vi.fn(() => () => {}),
    EventNames: {},
    ApiError,
    call,
    errorMessage,
    toApiError,
  }
}
