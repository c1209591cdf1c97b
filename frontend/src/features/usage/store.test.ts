import { beforeEach, describe, expect, it, vi } from 'vitest'
import { usageApi } from '@/api'
import { usageSummary } from '@/test/fakeApi'
import { useUsageStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

beforeEach(() => {
  vi.clearAllMocks()
  useUsageStore.setState({ preset: 'month', from: '2026-03-01', to: '2026-03-15', tz: 'Asia/Kolkata', workspaceId: '', model: '', models: [], summary: null, calls: [], next: '', error: '' })
})

describe('usage store', () => {
  it('moves to a preset range in the user\'s zone and loads it', async () => {
    await useUsageStore.getState().setPreset('30d', new Date(2026, 2, 15, 12))
    expect(usageApi.summary).toHaveBeenCalledWith({ from: '2026-02-14', to: '2026-03-15', tz: 'Asia/Kolkata', workspaceId: '', model: '' })
    expect(usageApi.calls).toHaveBeenCalledWith({ from: '2026-02-14', to: '2026-03-15', tz: 'Asia/Kolkata', workspaceId: '', model: '', cursor: '', limit: 50 })
  })

  it('keeps only the answer for the latest range', async () => {
    let answerFirst: (v: ReturnType<typeof usageSummary>) => void = () => {}
    vi.mocked(usageApi.summary).mockImplementationOnce(() => new Promise((r) => (answerFirst = r)))
    const first = useUsageStore.getState().setCustom('2026-01-01', '2026-01-31')
    await useUsageStore.getState().setCustom('2026-02-01', '2026-02-28')
    answerFirst(usageSummary({ days: ['stale'] }))
    await first
    expect(useUsageStore.getState().summary?.days).toEqual(['2026-03-01', '2026-03-02'])
  })

  it('narrows the page to one workspace and back to all', async () => {
    await useUsageStore.getState().setWorkspace('w2')
    expect(usageApi.summary).toHaveBeenLastCalledWith({ from: '2026-03-01', to: '2026-03-15', tz: 'Asia/Kolkata', workspaceId: 'w2', model: '' })
    expect(usageApi.calls).toHaveBeenLastCalledWith(expect.objectContaining({ workspaceId: 'w2', cursor: '' }))
    await useUsageStore.getState().exportCSV('calls')
    expect(usageApi.exportCSV).toHaveBeenLastCalledWith('calls', expect.objectContaining({ workspaceId: 'w2' }))
    await useUsageStore.getState().setWorkspace('')
    expect(usageApi.summary).toHaveBeenLastCalledWith(expect.objectContaining({ workspaceId: '' }))
  })

  it('narrows the page to one model, keeping the other models on offer', async () => {
    const zero = { calls: 1, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costMicros: 0, unpricedCalls: 0 }
    const keyed = (key: string) => ({ key, name: key, ...zero })
    vi.mocked(usageApi.summary).mockResolvedValueOnce(usageSummary({ byModel: [keyed('openai:gpt-4o'), keyed('ollama:llama3.2')] }))
    await useUsageStore.getState().load()
    const offered = useUsageStore.getState().models
    expect(offered).toEqual(['openai:gpt-4o', 'ollama:llama3.2'])
    vi.mocked(usageApi.summary).mockResolvedValueOnce(usageSummary({ byModel: [] }))
    await useUsageStore.getState().setModel(offered[1])
    expect(usageApi.summary).toHaveBeenLastCalledWith(expect.objectContaining({ model: offered[1], workspaceId: '' }))
    expect(usageApi.calls).toHaveBeenLastCalledWith(expect.objectContaining({ model: offered[1], cursor: '' }))
    expect(useUsageStore.getState().models).toEqual(offered)
    await useUsageStore.getState().exportCSV('table')
    expect(usageApi.exportCSV).toHaveBeenLastCalledWith('table', expect.objectContaining({ model: offered[1] }))
    await useUsageStore.getState().setModel('')
    expect(usageApi.summary).toHaveBeenLastCalledWith(expect.objectContaining({ model: '' }))
  })

  it('adds a page of calls once, and only to the range it belongs to', async () => {
    const call = (id: string) => ({
      id, at: 0, workspaceId: '', modelRef: 'ollama:llama3.2', provider: 'ollama', local: true, source: 'chat', inputTokens: 1, outputTokens: 1,
      cachedTokens: 0, estimated: false, durationMs: 1, priced: true, priceInput: 0, priceOutput: 0, priceCached: 0, costMicros: 0, sent: false,
    })
    type Page = { calls: ReturnType<typeof call>[]; next: string }
    const answers: ((p: Page) => void)[] = []
    vi.mocked(usageApi.calls).mockImplementation(() => new Promise<Page>((r) => answers.push(r)))
    useUsageStore.setState({ calls: [call('c1')], next: 'after-c1' })
    // Load more clicked twice before the page came: the page is added once.
    const first = useUsageStore.getState().moreCalls()
    const second = useUsageStore.getState().moreCalls()
    expect(answers).toHaveLength(2)
    answers.forEach((a) => a({ calls: [call('c2')], next: 'after-c2' }))
    await Promise.all([first, second])
    expect(useUsageStore.getState().calls.map((c) => c.id)).toEqual(['c1', 'c2'])
    expect(useUsageStore.getState().next).toBe('after-c2')

    // A page asked for before the range changed is not added to the new range's calls.
    const stale = useUsageStore.getState().moreCalls()
    vi.mocked(usageApi.calls).mockResolvedValueOnce({ calls: [call('n1')], next: 'after-n1' })
    await useUsageStore.getState().setCustom('2026-02-01', '2026-02-28')
    answers[2]({ calls: [call('c3')], next: '' })
    await stale
    expect(useUsageStore.getState().calls.map((c) => c.id)).toEqual(['n1'])
    expect(useUsageStore.getState().next).toBe('after-n1')
  })

  it('does not ask for a custom range that ends before it starts', async () => {
    await useUsageStore.getState().setCustom('2026-03-10', '2026-03-01')
    expect(usageApi.summary).not.toHaveBeenCalled()
  })

  it('shows a refusal as the error', async () => {
    vi.mocked(usageApi.setBudget).mockRejectedValueOnce({ code: 'invalid', message: 'the warning must not be above the hard limit' })
    expect(await useUsageStore.getState().setBudget({ workspaceId: '', softMicros: 5, hardMicros: 4 })).toBe(false)
    expect(useUsageStore.getState().error).toBe('the warning must not be above the hard limit')
  })
})
