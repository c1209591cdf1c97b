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
      pickDocuments: vi.fn(async () => []),
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
    modelsApi: {
      presets: vi.fn(async () => []),
      keychain: vi.fn(async () => ({ available: true, reason: '' })),
      listProviders: vi.fn(async () => []),
      addProvider: vi.fn(),
      updateProvider: vi.fn(),
      setProviderEnabled: vi.fn(),
      removeProvider: vi.fn(async () => {}),
      testProvider: vi.fn(),
      refreshModels: vi.fn(async () => []),
      listModels: vi.fn(async () => []),
      enabledModels: vi.fn(async () => []),
      setModelEnabled: vi.fn(async () => {}),
      defaults: vi.fn(async () => ({ chatModelRef: '', embeddingModelRef: '' })),
      setDefaults: vi.fn(async (d: unknown) => d),
      paramSupport: vi.fn(),
      pullModel: vi.fn(async () => {}),
      cancelPull: vi.fn(async () => {}),
      deleteLocalModel: vi.fn(async () => {}),
      listProfiles: vi.fn(async () => []),
      saveProfile: vi.fn(async (p: unknown) => p),
      deleteProfile: vi.fn(async () => {}),
      listTemplates: vi.fn(async () => []),
      saveTemplate: vi.fn(async (t: unknown) => t),
      deleteTemplate: vi.fn(async () => {}),
      renderTemplate: vi.fn(async () => ''),
    },
    chatApi: {
      createChat: vi.fn(),
      listChats: vi.fn(async () => ({ chats: [], cursor: '' })),
      getChat: vi.fn(),
      viewChat: vi.fn(),
      renameChat: vi.fn(),
      setPinned: vi.fn(),
      setArchived: vi.fn(),
      setChatSettings: vi.fn(),
      moveChat: vi.fn(),
      deleteChat: vi.fn(async () => 'undo-token'),
      undoDelete: vi.fn(),
      send: vi.fn(),
      stop: vi.fn(async () => {}),
      running: vi.fn(async () => []),
      regenerate: vi.fn(),
      editAndResend: vi.fn(),
      switchBranch: vi.fn(),
      deleteMessage: vi.fn(),
      search: vi.fn(async () => []),
      openAt: vi.fn(),
      attachment: vi.fn(),
    },
    documentsApi: {
      addPaths: vi.fn(async () => []),
      addFile: vi.fn(),
      list: vi.fn(async (_ws: string, _chat = '', offset = 0, limit = 100) => ({ items: [], total: 0, offset, limit })),
      get: vi.fn(),
      cancel: vi.fn(),
      remove: vi.fn(async () => {}),
      reindex: vi.fn(),
      reembed: vi.fn(),
      status: vi.fn(async (workspaceId: string) => ({ workspaceId, mode: 'keyword', embeddingModel: '', documents: 0, pending: 0, chunks: 0, embedded: 0 })),
      search: vi.fn(),
      openFile: vi.fn(async () => {}),
    },
    onEvent: vi.fn(() => () => {}),
    EventNames: {},
    ApiError,
    call,
    errorMessage,
    toApiError,
  }
}
