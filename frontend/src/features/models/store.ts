import { create } from 'zustand'
import {
  errorMessage,
  EventNames,
  modelsApi,
  onEvent,
  type DataChanged,
  type Defaults,
  type KeychainState,
  type Model,
  type ModelPull,
  type Preset,
  type Profile,
  type Provider,
  type ProviderInput,
  type Template,
  type TestResult,
} from '@/api'
import { useAppStore } from '@/features/app/store'

/** The last "Test connection" of a provider. */
export interface TestState {
  running: boolean
  result?: TestResult
  /** The call itself failed (not the connection): an unexpected error. */
  error?: string
}

/** An Ollama download as the page shows it, from model:pull events. */
export interface PullState {
  providerId: string
  model: string
  status: string
  completed: number
  total: number
  done: boolean
  error: string
}

interface ModelsState {
  loaded: boolean
  error: string
  workspaceId: string
  presets: Preset[]
  keychain: KeychainState | null
  providers: Provider[]
  /** Models by provider id. */
  models: Record<string, Model[]>
  /** Enabled models of enabled providers: what pickers offer. */
  enabled: Model[]
  defaults: Defaults
  profiles: Profile[]
  templates: Template[]
  tests: Record<string, TestState>
  refreshing: Record<string, boolean>
  /** A failure of a card action (refresh, switch), by provider id. */
  notices: Record<string, string>
  /** The current or last download, by provider id. */
  pulls: Record<string, PullState>
  /** The add-provider dialog: open, and the preset it starts at ('' for the list of kinds). */
  adding: { open: boolean; presetId: string }
  openAddProvider: (presetId?: string) => void
  closeAddProvider: () => void

  load: (workspaceId: string) => Promise<void>
  loadProviders: () => Promise<void>
  loadModels: () => Promise<void>
  loadDefaults: () => Promise<void>
  loadProfiles: () => Promise<void>
  loadTemplates: () => Promise<void>
  dataChanged: (ev: DataChanged) => void

  addProvider: (input: ProviderInput) => Promise<Provider>
  updateProvider: (id: string, input: ProviderInput) => Promise<Provider>
  setProviderEnabled: (id: string, enabled: boolean) => Promise<void>
  removeProvider: (id: string) => Promise<void>
  testProvider: (id: string) => Promise<TestResult | undefined>
  refreshModels: (id: string) => Promise<void>
  setModelEnabled: (model: Model, enabled: boolean) => Promise<void>
  setDefaults: (d: Defaults) => Promise<void>

  pull: (providerId: string, model: string) => Promise<void>
  cancelPull: (providerId: string) => Promise<void>
  dismissPull: (providerId: string) => void
  pullEvent: (ev: ModelPull) => void
  deleteLocalModel: (providerId: string, model: string) => Promise<void>

  saveProfile: (p: Profile) => Promise<Profile>
  deleteProfile: (id: string) => Promise<void>
  saveTemplate: (t: Template) => Promise<Template>
  deleteTemplate: (id: string) => Promise<void>
}

const initial = {
  loaded: false,
  error: '',
  workspaceId: '',
  presets: [] as Preset[],
  keychain: null as KeychainState | null,
  providers: [] as Provider[],
  models: {} as Record<string, Model[]>,
  enabled: [] as Model[],
  defaults: { chatModelRef: '', embeddingModelRef: '' } as Defaults,
  profiles: [] as Profile[],
  templates: [] as Template[],
  tests: {} as Record<string, TestState>,
  refreshing: {} as Record<string, boolean>,
  notices: {} as Record<string, string>,
  pulls: {} as Record<string, PullState>,
  adding: { open: false, presetId: '' },
}

// Each list keeps only the answer of its latest request, so a slow old
// answer never overwrites a newer one.
const seq: Record<string, number> = {}
async function latest<T>(key: string, f: () => Promise<T>, apply: (v: T) => void) {
  const n = (seq[key] = (seq[key] ?? 0) + 1)
  const v = await f()
  if (seq[key] === n) apply(v)
}

function groupByProvider(models: Model[]): Record<string, Model[]> {
  const out: Record<string, Model[]> = {}
  for (const m of models) (out[m.providerId] ??= []).push(m)
  return out
}

const omit = <T>(rec: Record<string, T>, key: string) => {
  const { [key]: _, ...rest } = rec
  void _
  return rest
}

/** The models slice: providers, their models, defaults, profiles and templates. */
export const useModelsStore = create<ModelsState>((set, get) => {
  const fail = (e: unknown) => set({ error: errorMessage(e) })
  const notice = (id: string, msg: string) => set((s) => ({ notices: msg ? { ...s.notices, [id]: msg } : omit(s.notices, id) }))

  return {
    ...initial,
    // In the store so that the first-run screen can open it on its way to this page.
    openAddProvider: (presetId = '') => set({ adding: { open: true, presetId } }),
    closeAddProvider: () => set({ adding: { open: false, presetId: '' } }),

    load: async (workspaceId) => {
      set({ workspaceId })
      try {
        const [presets, keychain] = await Promise.all([modelsApi.presets(), modelsApi.keychain()])
        set({ presets: presets ?? [], keychain })
        await Promise.all([get().loadProviders(), get().loadModels(), get().loadDefaults(), get().loadProfiles(), get().loadTemplates()])
        set({ loaded: true, error: '' })
      } catch (e) {
        set({ loaded: true })
        fail(e)
      }
    },
    loadProviders: () => latest('providers', modelsApi.listProviders, (providers) => set({ providers: providers ?? [] })),
    loadModels: () =>
      latest(
        'models',
        () => Promise.all([modelsApi.listModels(''), modelsApi.enabledModels()]),
        ([all, enabled]) => set({ models: groupByProvider(all ?? []), enabled: enabled ?? [] }),
      ),
    loadDefaults: () => latest('defaults', modelsApi.defaults, (defaults) => set({ defaults })),
    loadProfiles: () => latest('profiles', () => modelsApi.listProfiles(get().workspaceId), (profiles) => set({ profiles: profiles ?? [] })),
    loadTemplates: () => latest('templates', () => modelsApi.listTemplates(get().workspaceId), (templates) => set({ templates: templates ?? [] })),

    dataChanged: (ev) => {
      const t = new Set(ev.tables ?? [])
      const s = get()
      const jobs: Promise<void>[] = []
      if (t.has('providers')) jobs.push(s.loadProviders())
      if (t.has('providers') || t.has('models')) jobs.push(s.loadModels())
      if (t.has('settings')) jobs.push(s.loadDefaults())
      const mine = !ev.workspaceId || ev.workspaceId === s.workspaceId
      if (t.has('param_profiles') && mine) jobs.push(s.loadProfiles())
      if (t.has('prompt_templates') && mine) jobs.push(s.loadTemplates())
      void Promise.all(jobs).catch(fail)
    },

    addProvider: async (input) => {
      const p = await modelsApi.addProvider(input)
      set((s) => ({ providers: [...s.providers.filter((x) => x.id !== p.id), p] }))
      useAppStore.getState().setFirstRun(false)
      return p
    },
    updateProvider: async (id, input) => {
      const p = await modelsApi.updateProvider(id, input)
      set((s) => ({ providers: s.providers.map((x) => (x.id === id ? p : x)), tests: omit(s.tests, id) }))
      return p
    },
    setProviderEnabled: async (id, enabled) => {
      set((s) => ({ providers: s.providers.map((x) => (x.id === id ? { ...x, enabled } : x)) }))
      try {
        const p = await modelsApi.setProviderEnabled(id, enabled)
        set((s) => ({ providers: s.providers.map((x) => (x.id === id ? p : x)) }))
        notice(id, '')
        await get().loadModels()
      } catch (e) {
        set((s) => ({ providers: s.providers.map((x) => (x.id === id ? { ...x, enabled: !enabled } : x)) }))
        notice(id, errorMessage(e))
      }
    },
    removeProvider: async (id) => {
      await modelsApi.removeProvider(id)
      set((s) => ({
        providers: s.providers.filter((x) => x.id !== id),
        models: omit(s.models, id),
        enabled: s.enabled.filter((m) => m.providerId !== id),
        tests: omit(s.tests, id),
        pulls: omit(s.pulls, id),
        notices: omit(s.notices, id),
      }))
    },
    testProvider: async (id) => {
      set((s) => ({ tests: { ...s.tests, [id]: { running: true } } }))
      try {
        const result = await modelsApi.testProvider(id)
        set((s) => ({ tests: { ...s.tests, [id]: { running: false, result } } }))
        // A successful test stores the model list: show it.
        if (result?.ok) await Promise.all([get().loadProviders(), get().loadModels()])
        return result
      } catch (e) {
        set((s) => ({ tests: { ...s.tests, [id]: { running: false, error: errorMessage(e) } } }))
        return undefined
      }
    },
    refreshModels: async (id) => {
      set((s) => ({ refreshing: { ...s.refreshing, [id]: true } }))
      try {
        await modelsApi.refreshModels(id)
        notice(id, '')
        await Promise.all([get().loadProviders(), get().loadModels()])
      } catch (e) {
        notice(id, errorMessage(e))
      } finally {
        set((s) => ({ refreshing: omit(s.refreshing, id) }))
      }
    },
    setModelEnabled: async (model, enabled) => {
      const flip = (on: boolean) =>
        set((s) => ({
          models: { ...s.models, [model.providerId]: (s.models[model.providerId] ?? []).map((m) => (m.id === model.id ? { ...m, enabled: on } : m)) },
        }))
      flip(enabled)
      try {
        await modelsApi.setModelEnabled(model.id, enabled)
        notice(model.providerId, '')
        await get().loadModels()
      } catch (e) {
        flip(!enabled)
        notice(model.providerId, errorMessage(e))
      }
    },
    setDefaults: async (d) => {
      // Shown at once (the selects are controlled, and an answer already in
      // flight for the old value is dropped by latest); put back on failure.
      const before = get().defaults
      set({ defaults: d })
      try {
        await latest('defaults', () => modelsApi.setDefaults(d), (defaults) => set({ defaults }))
      } catch (e) {
        if (get().defaults === d) set({ defaults: before })
        throw e
      }
    },

    pull: async (providerId, model) => {
      model = model.trim()
      set((s) => ({
        pulls: { ...s.pulls, [providerId]: { providerId, model, status: 'starting', completed: 0, total: 0, done: false, error: '' } },
      }))
      try {
        await modelsApi.pullModel(providerId, model)
      } catch (e) {
        set((s) => ({ pulls: { ...s.pulls, [providerId]: { ...s.pulls[providerId], done: true, status: 'error', error: errorMessage(e) } } }))
      }
    },
    cancelPull: async (providerId) => {
      const p = get().pulls[providerId]
      if (!p || p.done) return
      try {
        await modelsApi.cancelPull(providerId, p.model)
      } catch (e) {
        notice(providerId, errorMessage(e))
      }
    },
    dismissPull: (providerId) => set((s) => ({ pulls: omit(s.pulls, providerId) })),
    pullEvent: (ev) => {
      set((s) => {
        const cur = s.pulls[ev.providerId]
        // Status-only lines ("verifying sha256 digest") carry no byte counts: keep the last ones.
        const base = cur && cur.model === ev.model ? cur : { providerId: ev.providerId, model: ev.model, completed: 0, total: 0 }
        if (cur?.done && cur.model === ev.model && !ev.done) return {}
        const next: PullState = {
          ...base,
          status: ev.status,
          completed: ev.total > 0 ? ev.completed : base.completed,
          total: ev.total > 0 ? ev.total : base.total,
          done: ev.done,
          error: ev.error ?? '',
        }
        if (ev.done && !ev.error && next.total > 0) next.completed = next.total
        return { pulls: { ...s.pulls, [ev.providerId]: next } }
      })
      if (ev.done && !ev.error) void get().loadModels().catch(fail)
    },
    deleteLocalModel: async (providerId, model) => {
      await modelsApi.deleteLocalModel(providerId, model)
      await Promise.all([get().loadProviders(), get().loadModels()])
    },

    saveProfile: async (p) => {
      const saved = await modelsApi.saveProfile(p)
      await get().loadProfiles()
      return saved
    },
    deleteProfile: async (id) => {
      await modelsApi.deleteProfile(id)
      set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) }))
    },
    saveTemplate: async (t) => {
      const saved = await modelsApi.saveTemplate(t)
      await get().loadTemplates()
      return saved
    },
    deleteTemplate: async (id) => {
      await modelsApi.deleteTemplate(id)
      set((s) => ({ templates: s.templates.filter((t) => t.id !== id) }))
    },
  }
})

let pullsWatched: (() => void) | null = null

/**
 * watchModels subscribes the slice to backend events: data:changed while the
 * page is open (the returned function ends it), and model:pull for the app's
 * lifetime, so a download started here keeps its progress while the person
 * looks at another page.
 */
export function watchModels(): () => void {
  pullsWatched ??= onEvent<ModelPull>(EventNames.modelPull, (ev) => useModelsStore.getState().pullEvent(ev))
  return onEvent<DataChanged>(EventNames.dataChanged, (ev) => useModelsStore.getState().dataChanged(ev))
}

/** resetModelsStore empties the slice (tests). */
export function resetModelsStore() {
  pullsWatched?.()
  pullsWatched = null
  for (const k of Object.keys(seq)) delete seq[k]
  useModelsStore.setState({ ...initial })
}
