import { describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Star } from 'lucide-react'
import { ListEditor, type EditorState, type ListItem } from './ListEditor'

// Only errorMessage is used; the real one, without loading the bindings.
vi.mock('@/api', async () => ({ errorMessage: (await import('@/api/errors')).errorMessage }))

interface Thing extends ListItem {
  note: string
}

const things: Thing[] = [
  { id: 'a', name: 'Alpha', workspaceId: '', note: 'first' },
  { id: 'b', name: 'Beta', workspaceId: 'w1', note: 'second' },
]

// A stand-in editor that shows what the list editor hands it.
function Editor({ open, item, onOpenChange }: EditorState<Thing>) {
  if (!open) return null
  return (
    <div role="dialog" aria-label="Editor">
      {item ? `Editing ${item.name}` : 'A new thing'}
      <button type="button" onClick={() => onOpenChange(false)}>
        Close
      </button>
    </div>
  )
}

function setup(over: Partial<React.ComponentProps<typeof ListEditor<Thing>>> = {}) {
  const onDelete = vi.fn(async (_: Thing) => {})
  const user = userEvent.setup()
  render(
    <ListEditor<Thing>
      noun="thing"
      label="Things"
      intro="Things are kept here."
      items={things}
      loaded
      empty={{ icon: Star, text: 'No things yet.' }}
      detail={(t) => t.note}
      editor={(s) => <Editor {...s} />}
      deleteDescription="It is gone for good."
      onDelete={onDelete}
      {...over}
    />,
  )
  return { user, onDelete }
}

describe('ListEditor', () => {
  it('lists each item as a card with its scope, badges, detail and actions', () => {
    setup({ badges: (t) => <span>badge-{t.id}</span>, actions: (t) => <button type="button">Use {t.name}</button> })
    const list = screen.getByRole('list', { name: 'Things' })
    expect(within(list).getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Alpha', 'Beta'])
    const alpha = screen.getByRole('article', { name: 'Alpha' })
    expect(alpha).toHaveTextContent('Every workspace')
    expect(alpha).toHaveTextContent('badge-a')
    expect(alpha).toHaveTextContent('first')
    expect(within(alpha).getByRole('button', { name: 'Use Alpha' })).toBeInTheDocument()
    expect(screen.getByRole('article', { name: 'Beta' })).toHaveTextContent('This workspace')
    expect(screen.getByText('Things are kept here.')).toBeInTheDocument()
    expect(screen.queryByText('No things yet.')).not.toBeInTheDocument()
  })

  it('shows the empty state only once loaded', () => {
    const { unmount } = render(
      <ListEditor<Thing> noun="thing" label="Things" intro="" items={[]} loaded={false} empty={{ icon: Star, text: 'No things yet.' }} detail={() => ''} editor={() => null} deleteDescription="" onDelete={async () => {}} />,
    )
    expect(screen.queryByText('No things yet.')).not.toBeInTheDocument()
    unmount()
    setup({ items: [] })
    expect(screen.getByText('No things yet.')).toBeInTheDocument()
  })

  it('opens the editor empty for New and with the item for Edit', async () => {
    const { user } = setup()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'New thing' }))
    expect(screen.getByRole('dialog')).toHaveTextContent('A new thing')
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await user.click(within(screen.getByRole('article', { name: 'Beta' })).getByRole('button', { name: 'Edit' }))
    expect(screen.getByRole('dialog')).toHaveTextContent('Editing Beta')
  })

  it('asks before deleting, and deletes only on confirm', async () => {
    const { user, onDelete } = setup()
    await user.click(within(screen.getByRole('article', { name: 'Alpha' })).getByRole('button', { name: 'Delete' }))
    let ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Delete the thing Alpha?')
    expect(ask).toHaveTextContent('It is gone for good.')
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(onDelete).not.toHaveBeenCalled()

    await user.click(within(screen.getByRole('article', { name: 'Alpha' })).getByRole('button', { name: 'Delete' }))
    ask = await screen.findByRole('alertdialog')
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(onDelete).not.toHaveBeenCalled()

    await user.click(within(screen.getByRole('article', { name: 'Alpha' })).getByRole('button', { name: 'Delete' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete thing' }))
    await waitFor(() => expect(onDelete).toHaveBeenCalledWith(things[0]))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('shows why a delete failed', async () => {
    const { user, onDelete } = setup()
    onDelete.mockRejectedValueOnce({ code: 'conflict', message: 'still in use' })
    await user.click(within(screen.getByRole('article', { name: 'Beta' })).getByRole('button', { name: 'Delete' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete thing' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('still in use')
  })

  it('renders the tab’s other dialogs it is given', () => {
    setup({ children: <p>another dialog</p> })
    expect(screen.getByText('another dialog')).toBeInTheDocument()
  })
})
