import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi } from '@/api'
import { bootstrap } from '@/test/fakeApi'
import { Recovery } from './Recovery'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

describe('Recovery', () => {
  it('after a restore swap that left no data folder, says where both are and tries again by restarting', async () => {
    const message = 'Nothing is lost: the previous data is in /d/bookbag.before-restore-1, the restored backup is in /d/bookbag.restore-1.'
    render(<Recovery boot={bootstrap({ state: 'restore_incomplete', message })} />)
    expect(screen.getByText('A restore could not be finished')).toBeInTheDocument()
    expect(screen.getByText(message)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Move it aside and start fresh' })).not.toBeInTheDocument()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    expect(appApi.restart).toHaveBeenCalled()
  })

  it('offers to move a damaged database aside, not to try again', () => {
    render(<Recovery boot={bootstrap({ state: 'corrupt', message: 'file is not a database' })} />)
    expect(screen.getByText('The database is damaged')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Move it aside and start fresh' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument()
  })
})
