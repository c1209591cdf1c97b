import { create } from 'zustand'
import {
  errorMessage,
  usageApi,
  type UsageBudget,
  type UsageBudgetStatus,
  type UsageCall,
  type UsageExportKind,
  type UsagePrice,
  type UsageRange,
  type UsageSummary,
} from '@/api'
import { presetRange, timeZone, type RangePreset } from './format'

const pageSize = 50

interface UsageState {
  preset: RangePreset
  from: string
  to: string
  tz: string
  /** workspaceId narrows the page to one workspace; '' is every workspace. */
  workspaceId: string
  /** model narrows the page to one model ref; '' is every model. */
  model: string
  /** models are the refs the model filter offers: those of the range seen unfiltered, and the chosen one. */
  models: string[]
  summary: UsageSummary | null
  calls: UsageCall[]
  next: string // cursor of the next page of calls; '' when none
  prices: UsagePrice[]
  budgets: UsageBudget[]
  loading: boolean
  error: string
  /** The current workspace's budget status, for the chat's notice. */
  status: UsageBudgetStatus | null

  range: () => UsageRange
  setPreset: (p: Exclude<RangePreset, 'custom'>, today?: Date) => Promise<void>
  setCustom: (from: string, to: string) => Promise<void>
  setWorkspace: (workspaceId: string) => Promise<void>
  setModel: (model: string) => Promise<void>
  load: () => Promise<void>
  moreCalls: () => Promise<void>
  exportCSV: (kind: UsageExportKind) => Promise<string>
  loadPrices: () => Promise<void>
  savePrice: (p: UsagePrice) => Promise<boolean>
  deletePrice: (id: string) => Promise<void>
  restorePresets: () => Promise<void>
  loadBudgets: () => Promise<void>
  setBudget: (b: UsageBudget) => Promise<boolean>
  loadStatus: (workspaceId: string) => Promise<void>
}

/** The usage slice: the chosen range, what the page shows for it, prices and budgets. */
export const useUsageStore = create<UsageState>((set, get) => {
  const guard = async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      const v = await f()
      set({ error: '' })
      return v
    } catch (e) {
      set({ error: errorMessage(e) })
      return undefined
    }
  }
  return {
    ...presetRange('month', new Date()),
    preset: 'month',
    tz: timeZone(),
    workspaceId: '',
    model: '',
    models: [],
    summary: null,
    calls: [],
    next: '',
    prices: [],
    budgets: [],
    loading: false,
    error: '',
    status: null,

    range: () => ({ from: get().from, to: get().to, tz: get().tz, workspaceId: get().workspaceId, model: get().model }),
    setPreset: async (preset, today = new Date()) => {
      set({ preset, ...presetRange(preset, today) })
      await get().load()
    },
    setCustom: async (from, to) => {
      set({ preset: 'custom', from, to })
      if (from && to && from <= to) await get().load()
    },
    setWorkspace: async (workspaceId) => {
      set({ workspaceId })
      await get().load()
    },
    setModel: async (model) => {
      set({ model })
      await get().load()
    },
    load: async () => {
      const r = get().range()
      set({ loading: true })
      await guard(async () => {
        const [summary, page] = await Promise.all([usageApi.summary(r), usageApi.calls({ ...r, cursor: '', limit: pageSize })])
        // A newer range may have been asked meanwhile: keep only the latest answer.
        const now = get()
        if (now.from !== r.from || now.to !== r.to || now.workspaceId !== r.workspaceId || now.model !== r.model) return
        const seen = summary.byModel.map((m) => m.key)
        const models = r.model ? [...new Set([...now.models, ...seen])] : seen
        set({ summary, calls: page.calls, next: page.next, models })
      })
      set({ loading: false })
    },
    moreCalls: async () => {
      const { next } = get()
      if (!next) return
      await guard(async () => {
        const page = await usageApi.calls({ ...get().range(), cursor: next, limit: pageSize })
        // Only onto the page it follows: a second click's answer (the same
        // page again) or one for a range left meanwhile is dropped.
        if (get().next !== next) return
        set((s) => ({ calls: [...s.calls, ...page.calls], next: page.next }))
      })
    },
    exportCSV: async (kind) => (await guard(() => usageApi.exportCSV(kind, get().range()))) ?? '',

    loadPrices: async () => {
      await guard(async () => set({ prices: await usageApi.prices() }))
    },
    savePrice: async (p) => {
      const saved = await guard(() => usageApi.savePrice(p))
      if (!saved) return false
      await get().loadPrices()
      return true
    },
    deletePrice: async (id) => {
      await guard(() => usageApi.deletePrice(id))
      await get().loadPrices()
    },
    restorePresets: async () => {
      await guard(async () => set({ prices: await usageApi.restorePresets() }))
    },

    loadBudgets: async () => {
      await guard(async () => set({ budgets: await usageApi.budgets() }))
    },
    setBudget: async (b) => {
      const ok = (await guard(async () => {
        await usageApi.setBudget(b)
        return true
      })) ?? false
      if (ok) await get().loadBudgets()
      return ok
    },
    loadStatus: async (workspaceId) => {
      try {
        set({ status: await usageApi.budgetStatus(workspaceId) })
      } catch {
        set({ status: null }) // the notice is a hint: no error for it
      }
    },
  }
})
