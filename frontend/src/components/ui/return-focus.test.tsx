import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Confirm } from './confirm'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from './dropdown-menu'
import { Button } from './button'
import { Dialog, DialogContent, DialogDescription, DialogTitle } from './dialog'

function Harness() {
  const [deleting, setDeleting] = useState(false)
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button aria-label="More">…</Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => setDeleting(true)}>Delete…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Confirm open={deleting} onOpenChange={setDeleting} title="Delete it?" description="Gone for good." destructive confirmLabel="Delete" onConfirm={() => {}} />
    </>
  )
}

describe('a confirm opened from a menu', () => {
  it('focuses Cancel, closes on Escape and gives the focus back to the menu button', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    await user.click(screen.getByRole('button', { name: 'More' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Delete…' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete it?' })
    expect(dialog).toHaveAccessibleDescription('Gone for good.')
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'More' })).toHaveFocus()
  })
})

function EditHarness() {
  const [editing, setEditing] = useState(false)
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button aria-label="Workspace actions">…</Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => setEditing(true)}>Edit…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={editing} onOpenChange={setEditing}>
        <DialogContent>
          <DialogTitle>Edit workspace</DialogTitle>
          <DialogDescription>Name and icon.</DialogDescription>
        </DialogContent>
      </Dialog>
    </>
  )
}

describe('a dialog opened from a menu', () => {
  it('gives the focus back to the menu button when it closes', async () => {
    const user = userEvent.setup()
    render(<EditHarness />)
    await user.click(screen.getByRole('button', { name: 'Workspace actions' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Edit…' }))
    expect(await screen.findByRole('dialog', { name: 'Edit workspace' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Workspace actions' })).toHaveFocus()
  })
})
