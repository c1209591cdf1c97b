import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ScopeField } from './ScopeField'

vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())

const research = { id: 'w1', name: 'Research', icon: '', color: '', isDefault: true, archivedAt: 0, createdAt: 1, updatedAt: 1 }

beforeEach(() => useWorkspaceStore.setState({ workspaces: [research], currentId: 'w1' }))

const choices = () => screen.getAllByRole('radio').map((r) => r.textContent)

describe('ScopeField', () => {
  it('offers every workspace or only the current one, by name', async () => {
    const onChange = vi.fn()
    render(<ScopeField personal onChange={onChange} />)
    expect(choices()).toEqual(['Every workspace', 'Only in Research'])
    expect(screen.getByRole('radio', { name: 'Every workspace' })).toHaveAttribute('aria-checked', 'true')
    await userEvent.setup().click(screen.getByRole('radio', { name: 'Only in Research' }))
    expect(onChange).toHaveBeenCalledWith(false)
  })

  it('without a current workspace, keeps a workspace item’s choice but offers no new one', () => {
    useWorkspaceStore.setState({ workspaces: [], currentId: '' })
    const { unmount } = render(<ScopeField personal onChange={() => {}} />)
    expect(choices()).toEqual(['Every workspace'])
    unmount()
    render(<ScopeField personal={false} onChange={() => {}} />)
    expect(choices()).toEqual(['Every workspace', 'This workspace only'])
  })
})
