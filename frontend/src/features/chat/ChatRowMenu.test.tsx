import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import type { Chat } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ws } from '@/test/fakeApi'
import { ChatRowMenu } from './ChatRowMenu'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const chat = { id: 'c1', workspaceId: 'w1', title: 'Budget', pinned: false } as Chat
const noop = () => {}

beforeEach(() => {
  // Another workspace to move to.
  useWorkspaceStore.setState({ workspaces: [{ ...ws, id: 'w1', name: 'Office' }, { ...ws, id: 'w2', name: 'Private', isDefault: false }] })
})

describe('ChatRowMenu', () => {
  it('offers rename, move and delete for an own chat', async () => {
    render(<ChatRowMenu chat={chat} onRename={noop} act={async () => {}} onExport={noop} onDelete={noop} />)
    expect(await screen.findByRole('menuitem', { name: /Rename/ })).toBeInTheDocument()
    expect(screen.getByRole('menuitem', { name: /Move to/ })).toBeInTheDocument()
    expect(screen.getByRole('menuitem', { name: /Delete/ })).toBeInTheDocument()
  })

  it("offers only pin, archive and export for another member's shared chat", async () => {
    render(<ChatRowMenu chat={chat} onRename={noop} act={async () => {}} onExport={noop} onDelete={noop} readOnly />)
    expect(await screen.findByRole('menuitem', { name: /Pin/ })).toBeInTheDocument()
    expect(screen.getByRole('menuitem', { name: /Export as JSON/ })).toBeInTheDocument()
    for (const name of [/Rename/, /Move to/, /Delete/]) expect(screen.queryByRole('menuitem', { name })).toBeNull()
  })
})
