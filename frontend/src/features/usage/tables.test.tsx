import { describe, expect, it, vi } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import type { UsageCall } from '@/api'
import { expectFits, wideColumns } from '@/test/fit'
import { CallsTable } from './CallsTable'
import { UsageTable } from './UsageTable'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const ref = 'openrouter:anthropic/claude-3.7-sonnet-thinking-20250219'

describe('usage tables in a narrow box', () => {
  it('per model: calls and cached move under the name, the long ref can wrap', () => {
    const row = { key: ref, name: '', calls: 12345, inputTokens: 123456789, outputTokens: 23456789, cachedTokens: 3456789, costMicros: 1_234_567_890, unpricedCalls: 0 }
    render(<UsageTable title="Model" label="Usage per model" rows={[row]} />)
    const table = screen.getByRole('table', { name: 'Usage per model' })
    expect(wideColumns(table)).toEqual(['Calls', 'Cached'])
    expectFits(table)
    const cells = within(table).getAllByRole('cell')
    expect(within(cells[0]).getByTestId('narrow-line')).toHaveTextContent('12,345 calls · 3,456,789 cached')
    expect(cells[0].querySelector('.wrap-anywhere')).toHaveTextContent(ref)
    expect(cells[0].querySelectorAll('wbr')).toHaveLength(2) // after "openrouter:" and "anthropic/"
    // Numbers stay exact; the columns that remain are input, output and cost.
    expect(cells.slice(1).map((c) => c.textContent)).toEqual(['12,345', '123,456,789', '3,456,789', '23,456,789', '$1,234.57'])
  })

  it('calls: workspace and source move under the model; the time shows to the minute, the second in its tooltip', () => {
    const call: UsageCall = {
      id: 'c1', at: Date.UTC(2026, 2, 2, 10, 4, 33), workspaceId: 'w1', modelRef: ref, provider: 'openrouter', local: false, source: 'chat',
      inputTokens: 1234567, outputTokens: 234567, cachedTokens: 0, estimated: false, durationMs: 20, priced: false, priceInput: 0,
      priceOutput: 0, priceCached: 0, costMicros: 0, sent: false,
    }
    render(<CallsTable calls={[call]} names={new Map([['w1', 'Quarterly reports']])} hasMore={false} onMore={() => {}} />)
    const table = screen.getByRole('table', { name: 'Model calls' })
    expect(wideColumns(table)).toEqual(['Workspace', 'Source'])
    expectFits(table)
    const [time, , model, , tokens, cost] = within(table).getAllByRole('cell')
    expect(within(model).getByTestId('narrow-line')).toHaveTextContent('Quarterly reports · chat')
    expect(time).toHaveAttribute('title', new Date(call.at).toLocaleString())
    expect(time.textContent).not.toContain(':33')
    expect(tokens).toHaveTextContent('1,234,567 / 234,567')
    expect(within(cost).getByText('no price')).toHaveClass('whitespace-nowrap')
  })
})
