// A fake of '@/api' for component tests:
//   vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())
import { vi } from 'vitest'
import type { AppSettings, Bootstrap, WorkspaceSettings } from '@/api/types'
import { ApiError, call, errorMessage, toApiError } from '@/api/errors'
import type { LocalApiConfig, LocalApiStatus } from '@/api/localapi'
import type { UsageBudgetStatus, UsageRange, UsageSummary } from '@/api/usage'

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

export function wsSettings(over: Partial<WorkspaceSettings> = {}): WorkspaceSettings {
  return {
    workspaceId: 'w1',
    systemPrompt: '',
    defaultModelRef: '',
    defaultProfileId: '',
    embeddingModelRef: '',
    chunkSize: 1000,
    chunkOverlap: 200,
    topK: 6,
    minScore: 0,
    useDocuments: true,
    rerankSources: false,
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
    notices: [],
    ...over,
  }
}

export function usageSummary(over: Partial<UsageSummary> = {}): UsageSummary {
  const zero = { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costMicros: 0, unpricedCalls: 0 }
  const range: UsageRange = { from: '2026-03-01', to: '2026-03-02', tz: 'UTC', workspaceId: '', model: '' }
  return { range, days: ['2026-03-01', '2026-03-02'], total: zero, byModel: [], byWorkspace: [], byDayModel: [], byDayWorkspace: [], ...over }
}

export function budgetStatus(over: Partial<UsageBudgetStatus> = {}): UsageBudgetStatus {
  const none = (workspaceId: string) => ({ workspaceId, softMicros: 0, hardMicros: 0, spentMicros: 0, softReached: false, hardReached: false })
  return { month: '2026-03', workspace: none('w1'), app: none(''), ...over }
}

export function localApiStatus(over: Partial<LocalApiStatus> = {}): LocalApiStatus {
  const config = over.config ?? { enabled: false, port: 8765, lan: false, corsOrigins: [], recordChats: false }
  const running = over.running ?? config.enabled
  return { config, running, url: running ? `http://127.0.0.1:${config.port}/v1` : '', error: '', ...over }
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
      settings: vi.fn(async (workspaceId: string) => wsSettings({ workspaceId })),
      create: vi.fn(async (input: { name: string; icon: string; color: string }) => ({ ...ws, ...input, id: 'w-new', isDefault: false })),
      update: vi.fn(async (id: string, input: { name: string; icon: string; color: string }) => ({ ...ws, ...input, id })),
      setArchived: vi.fn(async (id: string, archived: boolean) => ({ ...ws, id, archivedAt: archived ? 5 : 0 })),
      remove: vi.fn(async () => 'ws-undo-token'),
      undoDelete: vi.fn(),
      setLastUsed: vi.fn(async () => {}),
      updateSettings: vi.fn(async (s: unknown) => ({ settings: s, reembedding: false, reindexSuggested: false, documents: 0 })),
      reindexDocuments: vi.fn(async () => 0),
      allowedModels: vi.fn(async () => [] as string[]),
      setAllowedModels: vi.fn(async (_id: string, refs: string[]) => refs),
      overview: vi.fn(async (workspaceId: string) => ({
        workspaceId, chats: 0, messages: 0, documents: 0, chunks: 0, storageBytes: 0, since: 0, usage: [], daily: [],
      })),
      exportArchive: vi.fn(async () => ({ path: '', workspaceName: '', bytes: 0, counts: {}, missingFiles: 0 })),
      importArchive: vi.fn(),
      importArchiveFile: vi.fn(),
      cancelArchive: vi.fn(async () => true),
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
      importChats: vi.fn(),
      pickChats: vi.fn(),
      saveExport: vi.fn(async () => ''),
      cancelImport: vi.fn(async () => {}),
      toolsInfo: vi.fn(async () => ({ available: false, reason: 'No tools are enabled in this workspace (Settings → Tools).', tools: [], tokens: 0, contextLength: 0, unavailable: {} })),
    },
    documentsApi: {
      addPaths: vi.fn(async () => ({ added: [], skipped: [], skippedCount: 0, failed: [] })),
      pick: vi.fn(async () => ({ added: [], skipped: [], skippedCount: 0, failed: [] })),
      addFile: vi.fn(),
      list: vi.fn(async (_ws: string, _chat = '', offset = 0, limit = 100) => ({ items: [], total: 0, offset, limit })),
      get: vi.fn(),
      cancel: vi.fn(),
      remove: vi.fn(async () => {}),
      reindex: vi.fn(),
      reembed: vi.fn(),
      cancelReembed: vi.fn(),
      status: vi.fn(async (workspaceId: string) => ({ workspaceId, mode: 'keyword', embeddingModel: '', documents: 0, inChats: 0, pending: 0, chunks: 0, embedded: 0, reembedding: false, unavailable: '', embedError: '' })),
      search: vi.fn(),
      checkSearch: vi.fn(),
      cancelSearchCheck: vi.fn(async () => {}),
      openFile: vi.fn(async () => {}),
      acceptedFormats: vi.fn(async () => [
        { extension: '.pdf', label: 'PDF', mime: 'application/pdf' },
        { extension: '.docx', label: 'DOCX', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        { extension: '.txt', label: 'TXT', mime: 'text/plain' },
        { extension: '.text', label: 'TXT', mime: 'text/plain' },
        { extension: '.md', label: 'MD', mime: 'text/markdown' },
        { extension: '.markdown', label: 'MD', mime: 'text/markdown' },
        { extension: '.html', label: 'HTML', mime: 'text/html' },
        { extension: '.htm', label: 'HTML', mime: 'text/html' },
        { extension: '.csv', label: 'CSV', mime: 'text/csv' },
      ]),
    },
    syncApi: {
      signIn: vi.fn(),
      listInvitations: vi.fn(async () => []),
      createShared: vi.fn(),
      join: vi.fn(),
      status: vi.fn(async (workspaceId: string) => ({
        workspaceId, linked: false, serverUrl: '', email: '', userId: '', displayName: '', role: '', state: 'unlinked',
        pending: 0, lastSyncedAt: 0, error: '', errorCode: '', signedIn: false, keychainAvailable: true, rejections: [],
      })),
      statuses: vi.fn(async () => []),
      syncNow: vi.fn(),
      reconnect: vi.fn(),
      signOut: vi.fn(),
      unlink: vi.fn(async () => {}),
      clearRejections: vi.fn(),
      members: vi.fn(),
      invite: vi.fn(),
      revokeInvitation: vi.fn(async () => {}),
      setRole: vi.fn(),
      removeMember: vi.fn(async () => {}),
      shareChat: vi.fn(async () => {}),
      unshareChat: vi.fn(async () => {}),
      authors: vi.fn(async () => []),
      chatAuthors: vi.fn(async () => []),
    },
    toolsApi: {
      listServers: vi.fn(async () => []),
      addServer: vi.fn(),
      updateServer: vi.fn(),
      setServerEnabled: vi.fn(),
      removeServer: vi.fn(async () => {}),
      restartServer: vi.fn(),
      serverTools: vi.fn(async () => []),
      importServers: vi.fn(async () => ({ added: [], skipped: [] })),
      exportServers: vi.fn(async () => ''),
      workspaceServers: vi.fn(async () => []),
      setWorkspaceServer: vi.fn(async () => []),
      policy: vi.fn(async (workspaceId: string) => ({ workspaceId, autoReadOnly: false })),
      setPolicy: vi.fn(async (p: unknown) => p),
      approvals: vi.fn(async () => []),
      revokeApproval: vi.fn(async () => {}),
      pendingApprovals: vi.fn(async () => []),
      answerApproval: vi.fn(async () => {}),
      calls: vi.fn(async () => ({ entries: [], next: '' })),
      exportCalls: vi.fn(async () => ''),
      actions: vi.fn(async () => []),
      runAction: vi.fn(),
    },
    localApi: {
      status: vi.fn(async () => localApiStatus()),
      setConfig: vi.fn(async (config: LocalApiConfig) => localApiStatus({ config, running: config.enabled })),
      createToken: vi.fn(),
      listTokens: vi.fn(async () => []),
      revokeToken: vi.fn(async () => {}),
      recentRequests: vi.fn(async () => ({ items: [], total: 0 })),
    },
    usageApi: {
      summary: vi.fn(async () => usageSummary()),
      calls: vi.fn(async () => ({ calls: [], next: '' })),
      exportCSV: vi.fn(async () => ''),
      prices: vi.fn(async () => []),
      savePrice: vi.fn(async (p: unknown) => p),
      deletePrice: vi.fn(async () => {}),
      restorePresets: vi.fn(async () => []),
      budgets: vi.fn(async () => []),
      setBudget: vi.fn(async () => {}),
      budgetStatus: vi.fn(async () => budgetStatus()),
    },
    backupApi: {
      backupNow: vi.fn(),
      cancelRunning: vi.fn(async () => true),
      chooseBackupFile: vi.fn(async () => ''),
      inspect: vi.fn(),
      verify: vi.fn(),
      restore: vi.fn(),
      pending: vi.fn(async () => ({ pending: false, dir: '', source: '', stagedAt: 0, createdAt: 0, providers: [], problem: '' })),
      cancelPending: vi.fn(async () => ({ pending: false, dir: '', source: '', stagedAt: 0, createdAt: 0, providers: [], problem: '' })),
      notice: vi.fn(async () => ({ restored: false, source: '', createdAt: 0, restoredAt: 0, appVersion: '', asideDir: '', providers: [], secrets: [], embeddings: [] })),
      dismissNotice: vi.fn(async () => ({ restored: false, source: '', createdAt: 0, restoredAt: 0, appVersion: '', asideDir: '', providers: [], embeddings: [] })),
      keptAside: vi.fn(async () => []),
      removeKeptAside: vi.fn(async () => []),
      schedule: vi.fn(async () => ({
        frequency: 'off', folder: '', keep: 7, encrypt: false, passphrase: '', hasPassphrase: false, lastRunAt: 0, lastPath: '', lastError: '', lastErrorAt: 0, nextRunAt: 0,
      })),
      setSchedule: vi.fn(async (s: unknown) => s),
      chooseScheduleFolder: vi.fn(async () => ''),
      exportSettings: vi.fn(async () => ''),
      importSettings: vi.fn(),
    },
    updateApi: {
      settings: vi.fn(async () => ({ channel: 'stable', url: '', publicKey: '' })),
      setSettings: vi.fn(async (s: unknown) => s),
      check: vi.fn(),
      apply: vi.fn(),
    },
    officeApi: {
      signIn: vi.fn(),
      session: vi.fn(async () => ({ signedIn: false, serverUrl: '', account: { id: '', email: '', displayName: '' } })),
      signOut: vi.fn(async () => {}),
      users: vi.fn(async () => []),
      createUser: vi.fn(),
      updateUser: vi.fn(),
      resetPassword: vi.fn(),
      workspaces: vi.fn(async () => []),
      setQuota: vi.fn(),
      members: vi.fn(async () => ({ members: [] })),
      setMemberRole: vi.fn(),
      usage: vi.fn(async () => ({ from: 0, to: 0, tz: 'UTC', rows: [] })),
      exportUsage: vi.fn(async () => ''),
      audit: vi.fn(async () => ({ entries: [] })),
      settings: vi.fn(async () => ({ defaultQuotaBytes: 1 << 30, maxFileBytes: 100 << 20, invitationDays: 14, loginPerAccount: 10 })),
      updateSettings: vi.fn(async (p: unknown) => ({ defaultQuotaBytes: 1 << 30, maxFileBytes: 100 << 20, invitationDays: 14, loginPerAccount: 10, ...(p as object) })),
    },
    onEvent: vi.fn(() => () => {}),
    EventNames: { backupProgress: 'backup:progress', archiveProgress: 'archive:progress' },
    ApiError,
    call,
    errorMessage,
    toApiError,
  }
}
