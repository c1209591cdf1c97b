import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { officeApi, type AdminWorkspace, type OfficeUsageQuery, type OfficeUsageReport } from '@/api'
import { UsageTab } from './UsageTab'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const workspace = (id: string, name: string): AdminWorkspace => ({
  id, name, members: 1, usageBytes: 0, quotaBytes: 1 << 30, ownQuota: false, files: 0, createdAt: 1, createdBy: 'u1',
})
const report = (workspaceId: string, calls: number): OfficeUsageReport => ({
  from: 0, to: 1, tz: 'UTC',
  rows: [{ day: '2026-12-01', userId: 'u2', email: 'ann@example.com', displayName: 'Ann', workspaceId, model: 'openai:gpt-4o', calls, inputTokens: 1, outputTokens: 1, cachedTokens: 0, costMicros: 0 }],
})

// Each usage call waits until the test answers it.
let answers: { q: OfficeUsageQuery; answer: (r: OfficeUsageReport) => void }[] = []

beforeEach(() => {
  vi.clearAllMocks()
  answers = []
  vi.mocked(officeApi.workspaces).mockResolvedValue([workspace('w1', 'Office'), workspace('w2', 'Lab')])
  vi.mocked(officeApi.usage).mockImplementation((q) => new Promise((answer) => answers.push({ q, answer })))
})

describe('UsageTab', () => {
  it('shows the report of the workspace chosen last, not of an earlier choice that answers late', async () => {
    const u = userEvent.setup()
    render(<UsageTab />)
    await screen.findByRole('option', { name: 'Lab' })
    await waitFor(() => expect(answers.length).toBeGreaterThan(0))
    await u.selectOptions(screen.getByLabelText('Workspace'), 'w2')
    const last = answers[answers.length - 1]
    expect(last.q.workspace).toBe('w2')
    last.answer(report('w2', 7))
    expect(await screen.findAllByText('7 calls')).not.toHaveLength(0)
    await act(async () => answers[0].answer(report('', 99))) // all workspaces, asked first, answers late
    expect(screen.queryAllByText('99 calls')).toHaveLength(0)
    expect(screen.getAllByText('7 calls')).not.toHaveLength(0)
  })

  it('says a report is loading, and marks the numbers of the previous filter while it does', async () => {
    const u = userEvent.setup()
    render(<UsageTab />)
    await screen.findByRole('option', { name: 'Lab' })
    await waitFor(() => expect(answers.length).toBeGreaterThan(0))
    expect(screen.getByText('Loading the report…')).toBeInTheDocument()
    expect(screen.queryByText('No usage reported in this range.')).toBeNull()
    await act(async () => answers[answers.length - 1].answer(report('w1', 3)))
    expect(screen.queryByText('Loading the report…')).toBeNull()
    expect(screen.getByTestId('office-usage-report')).toHaveAttribute('aria-busy', 'false')
    const n = answers.length
    await u.selectOptions(screen.getByLabelText('Workspace'), 'w2')
    await waitFor(() => expect(answers.length).toBeGreaterThan(n))
    // The first workspace's numbers are still there, marked as not this filter's.
    expect(screen.getByTestId('office-usage-report')).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByText('Loading the report…')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeDisabled()
    await act(async () => answers[answers.length - 1].answer({ ...report('w2', 0), rows: [] }))
    expect(await screen.findByText('No usage reported in this range.')).toBeInTheDocument()
  })
})
