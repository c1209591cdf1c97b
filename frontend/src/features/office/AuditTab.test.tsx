// Dates are read in a zone with daylight saving (each test file runs in its
// own process).
process.env.TZ = 'Europe/Paris'

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { officeApi, type AuditEntry, type AuditPage, type AuditQuery } from '@/api'
import { AuditTab } from './AuditTab'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const entry = (id: string, action: string): AuditEntry => ({ id, at: 1, action, actorId: '', workspaceId: '', targetId: '', address: '', detail: {} })

// Each audit call waits until the test answers it.
let answers: { q: AuditQuery; answer: (p: AuditPage) => void }[] = []

beforeEach(() => {
  vi.clearAllMocks()
  answers = []
  vi.mocked(officeApi.users).mockResolvedValue([])
  vi.mocked(officeApi.workspaces).mockResolvedValue([])
  vi.mocked(officeApi.audit).mockImplementation((q) => new Promise((answer) => answers.push({ q, answer })))
})

const shown = () => within(screen.getByTestId('office-audit-entries')).queryAllByRole('listitem').map((li) => li.textContent)

describe('AuditTab', () => {
  it('shows the answer of the newest filter, not of an older request that answers late', async () => {
    const u = userEvent.setup()
    render(<AuditTab />)
    await waitFor(() => expect(answers).toHaveLength(1))
    await u.type(screen.getByLabelText(/^Action/), 'admin.')
    const last = answers[answers.length - 1]
    expect(last.q.action).toBe('admin.')
    last.answer({ entries: [entry('e2', 'admin.quota_set')] })
    await waitFor(() => expect(shown().join()).toContain('admin.quota_set'))
    await act(async () => answers[0].answer({ entries: [entry('e1', 'login')] })) // the unfiltered first page, late
    expect(shown().join()).not.toContain('login')
  })

  it('says the log is loading, not that nothing matches, until the server answers', async () => {
    render(<AuditTab />)
    await waitFor(() => expect(answers).toHaveLength(1))
    expect(screen.getByText('Loading the log…')).toBeInTheDocument()
    expect(screen.queryByText('Nothing in the log matches.')).toBeNull()
    await act(async () => answers[0].answer({ entries: [] }))
    expect(await screen.findByText('Nothing in the log matches.')).toBeInTheDocument()
  })

  it('ends a To day at the next local midnight, 25 hours after its start when clocks go back', async () => {
    render(<AuditTab />)
    await waitFor(() => expect(answers).toHaveLength(1))
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-10-25' } })
    await waitFor(() => expect(answers).toHaveLength(2))
    // Midnight of 26 October in Paris (UTC+1 again); start + 24 h was an hour short.
    expect(answers[1].q.to).toBe(Date.UTC(2026, 9, 25, 23))
  })

  it('loads an older page once however often the button is clicked while it loads', async () => {
    const u = userEvent.setup()
    render(<AuditTab />)
    await waitFor(() => expect(answers).toHaveLength(1))
    answers[0].answer({ entries: [entry('e1', 'login')], next: 'e1' })
    const more = await screen.findByRole('button', { name: 'Load older entries' })
    await u.click(more)
    await u.click(more)
    expect(answers.filter((a) => a.q.before === 'e1')).toHaveLength(1)
    answers[1].answer({ entries: [entry('e0', 'setup')] })
    await waitFor(() => expect(shown()).toHaveLength(2))
  })
})
