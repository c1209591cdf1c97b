import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { usageApi } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { usageSummary, ws } from '@/test/fakeApi'
import { expectFits, wideColumns } from '@/test/fit'
import { useUsageStore } from './store'
import { UsagePage } from './UsagePage'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())
// jsdom has no canvas to draw on: the chart shows its series as text here
// (daySeries is tested in chartData.test.ts, the drawn chart in e2e/usage).
vi.mock('./UsageChart', async () => {
  const { daySeries } = await import('./chartData')
  return {
    default: ({ summary, split, metric }: Parameters<typeof import('./UsageChart').default>[0]) => (
      <ul data-testid="usage-chart">
        {daySeries(summary, split, metric).map((s) => (
          <li key={s.key}>{`${s.label}: ${s.values.join(' ')}`}</li>
        ))}
      </ul>
    ),
  }
})

const totals = (calls: number, costMicros: number, inputTokens = 0, outputTokens = 0, unpricedCalls = 0) => ({
  calls, inputTokens, outputTokens, cachedTokens: 0, costMicros, unpricedCalls,
})

beforeEach(() => {
  vi.clearAllMocks()
  // Only the clock: "This month" is 2026-03-01 to 2026-03-15 on this day.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(2026, 2, 15, 12))
  useWorkspaceStore.setState({ workspaces: [ws], currentId: 'w1' })
  useUsageStore.setState({ preset: 'month', from: '2026-03-01', to: '2026-03-15', tz: 'Europe/Berlin', workspaceId: '', model: '', models: [], summary: null, calls: [], next: '', error: '' })
})

afterEach(() => {
  vi.useRealTimers()
})

describe('UsagePage', () => {
  it('ends "This month" today when the app has stayed open since another month', async () => {
    vi.setSystemTime(new Date(2026, 3, 2, 9))
    render(<UsagePage />)
    await waitFor(() => expect(usageApi.summary).toHaveBeenCalledWith(expect.objectContaining({ from: '2026-04-01', to: '2026-04-02' })))
    expect(usageApi.summary).toHaveBeenCalledTimes(1)
  })

  it('says "loading" until the calls come, and shows no empty chart or tables for a range without calls', async () => {
    let answer: (s: ReturnType<typeof usageSummary>) => void = () => {}
    vi.mocked(usageApi.summary).mockImplementationOnce(() => new Promise((r) => (answer = r)))
    render(<UsagePage />)
    expect(await screen.findByText('Loading…')).toBeInTheDocument()
    expect(screen.queryByText('No model calls in these days.')).toBeNull()
    answer(usageSummary())
    expect(await screen.findByText('No model calls in these days.')).toBeInTheDocument()
    expect(screen.queryByText('Per day')).toBeNull()
    expect(screen.queryByRole('table', { name: 'Usage per model' })).toBeNull()
  })

  it('shows a refused budget or price on the tab it was saved in', async () => {
    vi.mocked(usageApi.setBudget).mockRejectedValueOnce({ code: 'invalid', message: 'the warning must not be above the hard limit' })
    const user = userEvent.setup()
    render(<UsagePage />)
    await user.click(screen.getByRole('tab', { name: 'Budgets' }))
    await user.type(await screen.findByLabelText('Warning for Personal'), '20')
    await user.type(screen.getByLabelText('Limit for Personal'), '10')
    await user.click(within(screen.getByTestId('budget-w1')).getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('the warning must not be above the hard limit')
    // What was typed stays, to correct.
    expect(screen.getByLabelText('Warning for Personal')).toHaveValue('20')

    vi.mocked(usageApi.savePrice).mockRejectedValueOnce({ code: 'conflict', message: 'gpt-4o already has a price from 2024-01-01: edit that one' })
    await user.click(screen.getByRole('tab', { name: 'Prices' }))
    await user.click(await screen.findByRole('button', { name: 'Add price' }))
    const form = screen.getByRole('form', { name: 'New price' })
    await user.type(within(form).getByLabelText('Model (id or provider:model)'), 'gpt-4o')
    await user.click(within(form).getByRole('button', { name: 'Save price' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('gpt-4o already has a price from 2024-01-01')
    expect(screen.getByRole('form', { name: 'New price' })).toBeInTheDocument()
  })

  it('shows the totals, the tables with "no price" marks and the calls', async () => {
    vi.mocked(usageApi.summary).mockResolvedValue(
      usageSummary({
        total: totals(3, 1_900, 1_500, 600, 1),
        byModel: [
          { key: 'custom:fake-chat', name: 'custom:fake-chat', ...totals(2, 1_900, 1_000, 500) },
          { key: 'mistral:large', name: 'mistral:large', ...totals(1, 0, 500, 100, 1) },
        ],
        byWorkspace: [{ key: 'w1', name: 'Personal', ...totals(3, 1_900, 1_500, 600, 1) }],
      }),
    )
    const call = {
      id: 'c1', at: Date.UTC(2026, 2, 2, 10), workspaceId: 'w1', modelRef: 'custom:fake-chat', provider: 'custom', local: false, source: 'chat',
      inputTokens: 1000, outputTokens: 500, cachedTokens: 0, estimated: false, durationMs: 20, priced: true, priceInput: 1_000_000,
      priceOutput: 2_000_000, priceCached: 0, costMicros: 1_900, sent: false,
    }
    vi.mocked(usageApi.calls).mockResolvedValueOnce({ calls: [call], next: 'cursor' }).mockResolvedValueOnce({ calls: [{ ...call, id: 'c2' }], next: '' })
    render(<UsagePage />)
    expect(await screen.findByLabelText('Cost')).toHaveTextContent('$0.0019')
    expect(screen.getByLabelText('Calls')).toHaveTextContent('3')
    expect(screen.getByText('1 calls without a price')).toBeInTheDocument()
    const perModel = screen.getByRole('table', { name: 'Usage per model' })
    const rows = within(perModel).getAllByRole('row')
    expect(rows[1]).toHaveTextContent('custom:fake-chat')
    expect(rows[1]).not.toHaveTextContent('no price')
    expect(rows[2]).toHaveTextContent('mistral:largeno price')
    expect(within(screen.getByRole('table', { name: 'Usage per workspace' })).getByText('Personal')).toBeInTheDocument()
    const calls = screen.getByRole('table', { name: 'Model calls' })
    expect(within(calls).getAllByRole('row')[1]).toHaveTextContent('Personal')
    expect(within(calls).getAllByRole('row')[1]).toHaveTextContent('$0.0019')
    expect(usageApi.summary).toHaveBeenCalledWith({ from: '2026-03-01', to: '2026-03-15', tz: 'Europe/Berlin', workspaceId: '', model: '' })
    expect(await screen.findByTestId('usage-chart')).toHaveTextContent('custom:fake-chat: 0 0')

    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(usageApi.calls).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'cursor' }))
    await waitFor(() => expect(within(calls).getAllByRole('row')).toHaveLength(3))
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()

    // One model: the page asks for it alone, and still offers the others.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'mistral:large')
    await waitFor(() => expect(usageApi.summary).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'mistral:large' })))
    expect(usageApi.calls).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'mistral:large', cursor: '' }))
    expect(within(screen.getByRole('combobox', { name: 'Model' })).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'All models', 'custom:fake-chat', 'mistral:large',
    ])
  })

  it('says the cost is unknown, not $0, when no call has a price, and offers the tokens chart instead', async () => {
    vi.mocked(usageApi.summary).mockResolvedValue(
      usageSummary({
        total: totals(2, 0, 1_500, 600, 2),
        byModel: [{ key: 'mistral:large', name: 'mistral:large', ...totals(2, 0, 1_500, 600, 2) }],
        byWorkspace: [{ key: 'w1', name: 'Personal', ...totals(2, 0, 1_500, 600, 2) }],
      }),
    )
    vi.mocked(usageApi.calls).mockResolvedValue({ calls: [], next: '' })
    render(<UsagePage />)
    expect(await screen.findByLabelText('Cost')).toHaveTextContent('Unknown')
    expect(screen.getByText('No call here has a price: add them in Prices')).toBeInTheDocument()
    expect(screen.getByTestId('usage-chart-no-prices')).toHaveTextContent('no cost to draw')
    expect(screen.queryByTestId('usage-chart')).toBeNull()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show tokens' }))
    expect(await screen.findByTestId('usage-chart')).toHaveTextContent('mistral:large')
  })

  it('asks for the range chosen and exports it', async () => {
    const user = userEvent.setup()
    render(<UsagePage />)
    await waitFor(() => expect(usageApi.summary).toHaveBeenCalled())
    await user.click(screen.getByRole('radio', { name: 'Custom' }))
    const from = screen.getByLabelText('From')
    await user.clear(from)
    await user.type(from, '2026-02-10')
    await waitFor(() => expect(usageApi.summary).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-02-10', to: '2026-03-15' })))
    let saved: (path: string) => void = () => {}
    vi.mocked(usageApi.exportCSV).mockImplementationOnce(() => new Promise((r) => (saved = r)))
    await user.click(screen.getByRole('button', { name: 'Export calls' }))
    expect(usageApi.exportCSV).toHaveBeenCalledWith('calls', { from: '2026-02-10', to: '2026-03-15', tz: 'Europe/Berlin', workspaceId: '', model: '' })
    // One export at a time.
    expect(screen.getByRole('button', { name: 'Export table' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Export calls' })).toBeDisabled()
    saved('/home/ada/usage.csv')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Export calls' })).toBeEnabled())
    expect(usageApi.exportCSV).toHaveBeenCalledTimes(1)
  })

  it('sets a workspace budget in dollars', async () => {
    const user = userEvent.setup()
    render(<UsagePage />)
    await user.click(screen.getByRole('tab', { name: 'Budgets' }))
    await user.type(await screen.findByLabelText('Warning for Personal'), '5')
    await user.type(screen.getByLabelText('Limit for Personal'), '12.5')
    await user.click(within(screen.getByTestId('budget-w1')).getByRole('button', { name: 'Save' }))
    expect(usageApi.setBudget).toHaveBeenCalledWith({ workspaceId: 'w1', softMicros: 5_000_000, hardMicros: 12_500_000 })
    await user.type(screen.getByLabelText('Limit for All workspaces (the whole app)'), 'lots')
    expect(within(screen.getByTestId('budget-app')).getByRole('button', { name: 'Save' })).toBeDisabled()
  })

  it('adds a price and asks before deleting one', async () => {
    vi.mocked(usageApi.prices).mockResolvedValue([
      { id: 'p1', model: 'gpt-4o', inputMicros: 2_500_000, outputMicros: 10_000_000, cachedMicros: 1_250_000, effectiveFrom: '2024-01-01', preset: true, note: 'check the provider' },
    ])
    const user = userEvent.setup()
    render(<UsagePage />)
    await user.click(screen.getByRole('tab', { name: 'Prices' }))
    const table = await screen.findByRole('table', { name: 'Prices' })
    expect(await within(table).findByText('$2.5')).toBeInTheDocument()
    // In a narrow box the cached price and the date move under the model.
    expect(wideColumns(table)).toEqual(['Cached input', 'From'])
    expectFits(table)
    expect(within(table).getByTestId('narrow-line')).toHaveTextContent('cached $1.25 · from 2024-01-01')
    await user.click(screen.getByRole('button', { name: 'Add price' }))
    const form = screen.getByRole('form', { name: 'New price' })
    await user.type(within(form).getByLabelText('Model (id or provider:model)'), 'fake-chat')
    await user.type(within(form).getByLabelText('Input $/1M'), '1')
    await user.type(within(form).getByLabelText('Output $/1M'), '2')
    const from = within(form).getByLabelText('From')
    await user.clear(from)
    await user.type(from, '2024-01-01')
    await user.click(within(form).getByRole('button', { name: 'Save price' }))
    expect(usageApi.savePrice).toHaveBeenCalledWith(expect.objectContaining({ id: '', model: 'fake-chat', inputMicros: 1_000_000, outputMicros: 2_000_000, cachedMicros: 0, effectiveFrom: '2024-01-01' }))

    await user.click(screen.getByRole('button', { name: 'Delete gpt-4o from 2024-01-01' }))
    expect(usageApi.deletePrice).not.toHaveBeenCalled()
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    expect(usageApi.deletePrice).toHaveBeenCalledWith('p1')
  })
})
