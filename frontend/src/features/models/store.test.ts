import { beforeEach, describe, expect, it, vi } from 'vitest'
import { waitFor } from '@testing-library/react'
import { modelsApi } from '@/api'
import { useAppStore } from '@/features/app/store'
import { bootstrap } from '@/test/fakeApi'
import { formatBytes, formatContext, keyStatusText, percent, testResultText } from './format'
import { resetModelsStore, useModelsStore, watchModels } from './store'
import { bus, model, provider } from './testApi'

vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())

const api = vi.mocked(modelsApi)
const st = () => useModelsStore.getState()

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetModelsStore()
  useAppStore.setState({ status: 'ready', boot: bootstrap({ firstRun: true }) })
})

describe('models store', () => {
  it('loads everything for a workspace and groups models by provider', async () => {
    api.listProviders.mockResolvedValue([provider({ id: 'a' }), provider({ id: 'b' })])
    api.listModels.mockResolvedValue([model({ providerId: 'a', name: 'x' }), model({ providerId: 'b', name: 'y' }), model({ providerId: 'a', name: 'z' })])
    await st().load('w1')
    expect(api.listModels).toHaveBeenCalledWith('')
    expect(api.listProfiles).toHaveBeenCalledWith('w1')
    expect(api.listTemplates).toHaveBeenCalledWith('w1')
    expect(st().models.a.map((m) => m.name)).toEqual(['x', 'z'])
    expect(st().models.b.map((m) => m.name)).toEqual(['y'])
    expect(st().loaded).toBe(true)
  })

  it('shows a new default at once, drops an older answer in flight, and puts it back when saving fails', async () => {
    let answerOld: (d: { chatModelRef: string; embeddingModelRef: string }) => void = () => {}
    api.defaults.mockImplementationOnce(() => new Promise((r) => (answerOld = r)))
    const loading = st().loadDefaults()
    let saved: (d: { chatModelRef: string; embeddingModelRef: string }) => void = () => {}
    api.setDefaults.mockImplementationOnce(() => new Promise((r) => (saved = r)))
    const saving = st().setDefaults({ chatModelRef: 'custom:fake-chat', embeddingModelRef: '' })
    expect(st().defaults.chatModelRef).toBe('custom:fake-chat')
    answerOld({ chatModelRef: 'openai:fake-chat', embeddingModelRef: '' })
    await loading
    expect(st().defaults.chatModelRef).toBe('custom:fake-chat')
    saved({ chatModelRef: 'custom:fake-chat', embeddingModelRef: '' })
    await saving
    expect(st().defaults.chatModelRef).toBe('custom:fake-chat')

    api.setDefaults.mockRejectedValueOnce({ code: 'invalid', message: 'that model is not enabled' })
    await expect(st().setDefaults({ chatModelRef: 'gone:model', embeddingModelRef: '' })).rejects.toBeTruthy()
    expect(st().defaults.chatModelRef).toBe('custom:fake-chat')
  })

  it('reports a failed load', async () => {
    api.keychain.mockRejectedValueOnce({ code: 'internal', message: 'database is locked' })
    await st().load('w1')
    expect(st().error).toBe('database is locked')
  })

  it('ends the first-run screen once a provider is added', async () => {
    api.addProvider.mockResolvedValue(provider())
    await st().addProvider({ preset: 'openai', name: '', baseUrl: '', keyEnv: '', apiKey: 'k', clearKey: false, enabled: true })
    expect(useAppStore.getState().boot?.firstRun).toBe(false)
    expect(st().providers).toHaveLength(1)
  })

  it('keeps a failed test call as an error, and refetches after a good test', async () => {
    api.testProvider.mockRejectedValueOnce({ code: 'not_found', message: 'provider not found' })
    await st().testProvider('p1')
    expect(st().tests.p1).toEqual({ running: false, error: 'provider not found' })
    api.testProvider.mockResolvedValueOnce({ ok: true, latencyMs: 5, models: 4, error: '', code: '' })
    api.listModels.mockClear()
    await st().testProvider('p1')
    expect(st().tests.p1.result?.models).toBe(4)
    expect(api.listModels).toHaveBeenCalled()
  })

  it('puts a model switch back when the call fails', async () => {
    const m = model()
    useModelsStore.setState({ models: { p1: [m] } })
    api.setModelEnabled.mockRejectedValueOnce({ code: 'not_found', message: 'model not found' })
    await st().setModelEnabled(m, false)
    expect(st().models.p1[0].enabled).toBe(true)
    expect(st().notices.p1).toBe('model not found')
  })

  it('follows a pull from model:pull events', async () => {
    watchModels()
    await st().pull('o1', ' llama3.2:3b ')
    expect(api.pullModel).toHaveBeenCalledWith('o1', 'llama3.2:3b')
    const ev = { providerId: 'o1', model: 'llama3.2:3b', status: 'pulling', completed: 0, total: 0, done: false, error: '' }
    bus.emit('model:pull', { ...ev, completed: 10, total: 40 })
    expect(st().pulls.o1).toMatchObject({ completed: 10, total: 40, done: false })
    bus.emit('model:pull', { ...ev, status: 'writing manifest' })
    expect(st().pulls.o1).toMatchObject({ status: 'writing manifest', completed: 10, total: 40 })
    bus.emit('model:pull', { ...ev, status: 'success', done: true })
    expect(st().pulls.o1).toMatchObject({ done: true, completed: 40, total: 40, error: '' })
    // A late progress line does not reopen a finished download.
    bus.emit('model:pull', { ...ev, completed: 20, total: 40 })
    expect(st().pulls.o1.done).toBe(true)
    await waitFor(() => expect(api.listModels).toHaveBeenCalled())
    st().dismissPull('o1')
    expect(st().pulls.o1).toBeUndefined()
  })

  it('shows a refused pull as an error', async () => {
    api.pullModel.mockRejectedValueOnce({ code: 'conflict', message: 'llama3.2:3b is already downloading' })
    await st().pull('o1', 'llama3.2:3b')
    expect(st().pulls.o1).toMatchObject({ done: true, error: 'llama3.2:3b is already downloading' })
  })

  it('refetches what data:changed names, and only this workspace’s rows', async () => {
    const stop = watchModels()
    await st().load('w1')
    vi.clearAllMocks()
    bus.emit('data:changed', { workspaceId: '', tables: ['models'] })
    bus.emit('data:changed', { workspaceId: 'w2', tables: ['param_profiles'] })
    bus.emit('data:changed', { workspaceId: 'w1', tables: ['prompt_templates'] })
    bus.emit('data:changed', { workspaceId: '', tables: ['settings'] })
    await waitFor(() => expect(api.listTemplates).toHaveBeenCalledWith('w1'))
    expect(api.listModels).toHaveBeenCalled()
    expect(api.enabledModels).toHaveBeenCalled()
    expect(api.defaults).toHaveBeenCalled()
    expect(api.listProviders).not.toHaveBeenCalled()
    expect(api.listProfiles).not.toHaveBeenCalled()
    stop()
    expect(bus.count('data:changed')).toBe(0)
    expect(bus.count('model:pull')).toBe(1)
  })

  it('keeps only the latest answer of a list', async () => {
    let first!: (v: ReturnType<typeof provider>[]) => void
    api.listProviders.mockImplementationOnce(() => new Promise((r) => (first = r)))
    api.listProviders.mockResolvedValueOnce([provider({ name: 'new' })])
    const a = st().loadProviders()
    await st().loadProviders()
    first([provider({ name: 'old' })])
    await a
    expect(st().providers.map((p) => p.name)).toEqual(['new'])
  })
})

describe('format', () => {
  it('describes keys, tests, sizes and context lengths', () => {
    expect(keyStatusText({ key: { source: 'keychain', hint: '…WXYZ' }, keyEnv: 'X' })).toBe('Key in keychain …WXYZ')
    expect(keyStatusText({ key: { source: 'keychain', hint: 'set' }, keyEnv: 'X' })).toBe('Key in keychain')
    expect(keyStatusText({ key: { source: 'env', hint: '…abcd' }, keyEnv: 'OPENAI_API_KEY' })).toBe('Key from $OPENAI_API_KEY')
    expect(keyStatusText({ key: { source: 'none', hint: '' }, keyEnv: '' })).toBe('No key')
    expect(testResultText({ ok: true, latencyMs: 123, models: 1, error: '', code: '' })).toBe('OK · 123 ms · 1 model')
    expect(testResultText({ ok: false, latencyMs: 1, models: 0, error: 'rate limited: retry in 20 s', code: 'unavailable' })).toBe('rate limited: retry in 20 s')
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1_048_576)).toBe('1.0 MB')
    expect(formatBytes(2_019_000_000)).toBe('2.0 GB')
    expect(formatContext(8192)).toBe('8K')
    expect(formatContext(131072)).toBe('128K')
    expect(formatContext(1_048_576)).toBe('1M')
    expect(percent(1, 3)).toBe(33)
    expect(percent(5, 0)).toBe(0)
  })
})
