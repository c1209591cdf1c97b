import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import { usageApi } from '@/api'
import { budgetStatus } from '@/test/fakeApi'
import { BudgetNotice } from './BudgetNotice'
import { useUsageStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const state = (over: object) => ({ workspaceId: 'w1', softMicros: 0, hardMicros: 0, spentMicros: 0, softReached: false, hardReached: false, ...over })

beforeEach(() => {
  vi.clearAllMocks()
  useUsageStore.setState({ status: null })
})

describe('BudgetNotice', () => {
  it('says nothing under the budgets', async () => {
    render(<BudgetNotice workspaceId="w1" refreshKey={0} />)
    await vi.waitFor(() => expect(usageApi.budgetStatus).toHaveBeenCalledWith('w1'))
    expect(screen.queryByTestId('budget-notice')).toBeNull()
  })

  it('warns past the warning and says the limit is reached', async () => {
    vi.mocked(usageApi.budgetStatus).mockResolvedValueOnce(budgetStatus({ workspace: state({ softMicros: 1_000_000, spentMicros: 1_500_000, softReached: true }) }))
    const { rerender } = render(<BudgetNotice workspaceId="w1" refreshKey={0} />)
    expect(await screen.findByTestId('budget-notice')).toHaveTextContent('This workspace has spent $1.50 this month, past its warning of $1.00.')
    vi.mocked(usageApi.budgetStatus).mockResolvedValueOnce(
      budgetStatus({ app: state({ workspaceId: '', hardMicros: 2_000_000, spentMicros: 2_000_000, hardReached: true, softReached: true }) }),
    )
    rerender(<BudgetNotice workspaceId="w1" refreshKey={1} />)
    expect(await screen.findByText(/BookBag reached its monthly budget of \$2.00 \(spent \$2.00\)/)).toBeInTheDocument()
  })
})
