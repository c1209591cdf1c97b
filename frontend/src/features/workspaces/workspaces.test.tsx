import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ApiError, modelsApi, onEvent, syncApi, workspacesApi, type ArchiveExport, type ArchiveProgress, type Model, type Workspace } from '@/api'
import { Toaster, useToasts } from '@/components/ui/toast'
import { useAppStore } from '@/features/app/store'
import { ws, wsSettings } from '@/test/fakeApi'
import { allowedOnly } from './allowed'
import { archiveProgressText } from './ArchiveProgress'
import { ImportReportDialog, reportSummary } from './ImportReportDialog'
import { SettingsForm } from './SettingsForm'
import { isSwitcherShortcut, matches, useWorkspaceStore } from './store'
import { WorkspacesPage } from './WorkspacesPage'
import { WorkspaceSwitcher } from './WorkspaceSwitcher'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

// jsdom has no ResizeObserver; Radix's Switch measures itself with one.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver

const w = (over: Partial<Workspace>): Workspace => ({ ...ws, isDefault: false, ...over })
const personal = w({ id: 'w1', name: 'Personal', isDefault: true })
const thesis = w({ id: 'w2', name: 'Thesis', icon: '📚', color: '#2563eb' })
const acme = w({ id: 'w3', name: 'Acme client' })
const old = w({ id: 'w4', name: 'Old project', archivedAt: 9 })

beforeEach(() => {
  vi.clearAllMocks()
  useWorkspaceStore.setState({ workspaces: [personal, acme, thesis, old], currentId: 'w1', error: '', switcherOpen: false })
  useAppStore.setState({ page: 'workspaces' })
  useToasts.setState({ toasts: [] })
})

describe('workspace store', () => {
  it('remembers the open workspace for the next start, once for a run of switches', async () => {
    useWorkspaceStore.getState().setCurrent('w2')
    useWorkspaceStore.getState().setCurrent('w3')
    expect(useWorkspaceStore.getState().currentId).toBe('w3')
    await vi.waitFor(() => expect(workspacesApi.setLastUsed).toHaveBeenCalledWith('w3'))
    expect(workspacesApi.setLastUsed).toHaveBeenCalledTimes(1)
  })

  it('deleting the open workspace removes it at once and falls back to the default', async () => {
    useWorkspaceStore.setState({ currentId: 'w2' })
    const token = await useWorkspaceStore.getState().remove('w2')
    expect(token).toBe('ws-undo-token')
    expect(useWorkspaceStore.getState().workspaces.map((x) => x.id)).toEqual(['w1', 'w3', 'w4'])
    expect(useWorkspaceStore.getState().currentId).toBe('w1')
  })

  it('falls back to the default when the open workspace disappears elsewhere', async () => {
    useWorkspaceStore.setState({ currentId: 'w3' })
    vi.mocked(workspacesApi.list).mockResolvedValueOnce([personal, thesis])
    await useWorkspaceStore.getState().refresh()
    expect(useWorkspaceStore.getState().currentId).toBe('w1')
  })

  it('filters by every word and knows its shortcut', () => {
    expect(matches(acme, 'acm')).toBe(true)
    expect(matches(acme, 'client acme')).toBe(true)
    expect(matches(acme, 'thesis')).toBe(false)
    const key = (k: Partial<KeyboardEvent>) => ({ key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...k })
    expect(isSwitcherShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(true)
    expect(isSwitcherShortcut(key({ ctrlKey: true, shiftKey: true, key: 'K' }))).toBe(true)
    expect(isSwitcherShortcut(key({ ctrlKey: true }))).toBe(false) // Ctrl+K is search
    expect(isSwitcherShortcut(key({ ctrlKey: true, shiftKey: true, key: 'o' }))).toBe(false) // new chat
  })

  it('allows only the assigned models when any are assigned', () => {
    const models = [{ ref: 'openai:a' }, { ref: 'openai:b' }] as Model[]
    expect(allowedOnly(models, [])).toHaveLength(2)
    expect(allowedOnly(models, ['openai:b']).map((m) => m.ref)).toEqual(['openai:b'])
  })
})

describe('WorkspaceSwitcher', () => {
  it('opens with Ctrl+Shift+K, filters, and switches with the keyboard', async () => {
    useAppStore.setState({ page: 'models' })
    render(<WorkspaceSwitcher />)
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Personal')
    fireEvent.keyDown(window, { key: 'K', ctrlKey: true, shiftKey: true })
    const box = await screen.findByRole('combobox', { name: 'Find a workspace' })
    const list = screen.getByRole('listbox', { name: 'Workspaces' })
    // Archived workspaces stay out until the filter asks for them.
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['PPersonal', 'AAcme client', '📚Thesis'])
    expect(within(list).queryByText('Old project')).toBeNull()
    const user = userEvent.setup()
    await user.type(box, 'the')
    expect(within(list).getAllByRole('option')).toHaveLength(1)
    await user.keyboard('{Enter}')
    expect(useWorkspaceStore.getState().currentId).toBe('w2')
    await vi.waitFor(() => expect(workspacesApi.setLastUsed).toHaveBeenCalledWith('w2'))
    expect(useAppStore.getState().page).toBe('chats')
    await waitFor(() => expect(screen.queryByRole('combobox')).toBeNull())
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Thesis')
  })

  it('finds archived workspaces by name and moves with the arrow keys', async () => {
    render(<WorkspaceSwitcher />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Switch workspace' }))
    const box = await screen.findByRole('combobox')
    await user.type(box, 'o')
    const opts = screen.getAllByRole('option')
    expect(opts.map((o) => o.textContent)).toEqual([expect.stringContaining('Personal'), expect.stringContaining('Old project')])
    await user.keyboard('{ArrowDown}{Enter}')
    expect(useWorkspaceStore.getState().currentId).toBe('w4')
  })

  it('creates a workspace from the switcher and opens it', async () => {
    render(<WorkspaceSwitcher />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Switch workspace' }))
    await user.click(await screen.findByRole('button', { name: /New workspace/ }))
    await user.type(await screen.findByLabelText('Name'), 'Garden')
    await user.click(screen.getByRole('button', { name: 'Icon 🌱' }))
    await user.click(screen.getByRole('button', { name: 'Create workspace' }))
    expect(workspacesApi.create).toHaveBeenCalledWith({ name: 'Garden', icon: '🌱', color: '' })
    await waitFor(() => expect(useWorkspaceStore.getState().currentId).toBe('w-new'))
  })
})

describe('WorkspacesPage', () => {
  it('deletes after confirmation, leaves the list at once, and offers undo', async () => {
    vi.mocked(workspacesApi.undoDelete).mockResolvedValue(thesis)
    useWorkspaceStore.setState({ currentId: 'w2' })
    render(
      <>
        <WorkspacesPage />
        <Toaster />
      </>,
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Thesis' }))
    await user.click(await screen.findByRole('menuitem', { name: /Delete/ }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveTextContent('Delete “Thesis”?')
    await user.click(within(dialog).getByRole('button', { name: 'Delete workspace' }))
    await waitFor(() => expect(workspacesApi.remove).toHaveBeenCalledWith('w2'))
    const nav = screen.getByRole('navigation', { name: 'Workspaces' })
    await waitFor(() => expect(within(nav).queryByText('Thesis')).toBeNull())
    expect(useWorkspaceStore.getState().currentId).toBe('w1')
    const toast = await screen.findByRole('status')
    expect(toast).toHaveTextContent('Deleted “Thesis”')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    expect(workspacesApi.undoDelete).toHaveBeenCalledWith('ws-undo-token')
    await waitFor(() => expect(within(nav).getByText('Thesis')).toBeInTheDocument())
  })

  it('warns that deleting a shared workspace deletes it for every member', async () => {
    vi.mocked(syncApi.status).mockImplementation(async (workspaceId: string) => ({
      workspaceId, linked: workspaceId === 'w3', serverUrl: 'https://office', email: 'a@example.com', userId: 'u1',
      displayName: 'A', role: 'admin', state: 'synced', pending: 0, lastSyncedAt: 1, error: '', errorCode: '',
      signedIn: true, keychainAvailable: true, rejections: [],
    }))
    useWorkspaceStore.setState({ currentId: 'w3' })
    const page = render(<WorkspacesPage />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Acme client' }))
    await user.click(await screen.findByRole('menuitem', { name: /Delete/ }))
    const dialog = await screen.findByRole('alertdialog')
    await waitFor(() => expect(dialog).toHaveTextContent('deleted for every member'))
    page.unmount()
    useWorkspaceStore.setState({ currentId: 'w2' })
    render(<WorkspacesPage />)
    await user.click(screen.getByRole('button', { name: 'Actions for Thesis' }))
    await user.click(await screen.findByRole('menuitem', { name: /Delete/ }))
    const local = await screen.findByRole('alertdialog')
    await waitFor(() => expect(local).toHaveTextContent('removed from this computer'))
    expect(local).not.toHaveTextContent('every member')
  })

  it('offers no delete or archive for the default workspace', async () => {
    render(<WorkspacesPage />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Personal' }))
    await screen.findByRole('menuitem', { name: /Export/ })
    expect(screen.queryByRole('menuitem', { name: /Delete/ })).toBeNull()
    expect(screen.queryByRole('menuitem', { name: /Archive/ })).toBeNull()
  })

  it('offers no second export while one is being written', async () => {
    let done: (r: ArchiveExport) => void = () => {}
    vi.mocked(workspacesApi.exportArchive).mockImplementation(() => new Promise((resolve) => (done = resolve)))
    render(<WorkspacesPage />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Personal' }))
    await user.click(await screen.findByRole('menuitem', { name: /Export/ }))
    await user.click(screen.getByRole('button', { name: 'Actions for Personal' }))
    expect(await screen.findByRole('menuitem', { name: /Exporting/ })).toHaveAttribute('aria-disabled', 'true')
    await act(async () => done({ path: '/tmp/Personal.bookbag', workspaceName: 'Personal', bytes: 10, counts: {}, missingFiles: 0 }))
    expect(await screen.findByRole('menuitem', { name: /Export…/ })).not.toHaveAttribute('aria-disabled')
    expect(workspacesApi.exportArchive).toHaveBeenCalledTimes(1)
  })

  it('lists archived workspaces apart and unarchives them', async () => {
    render(<WorkspacesPage />)
    const user = userEvent.setup()
    const archived = screen.getByRole('navigation', { name: 'Archived' })
    await user.click(within(archived).getByRole('button', { name: /Old project/ }))
    await user.click(screen.getByRole('button', { name: 'Actions for Old project' }))
    await user.click(await screen.findByRole('menuitem', { name: /Unarchive/ }))
    expect(workspacesApi.setArchived).toHaveBeenCalledWith('w4', false)
  })

  it('imports an uploaded archive and shows what it added', async () => {
    vi.mocked(workspacesApi.importArchiveFile).mockResolvedValue(report())
    render(<WorkspacesPage />)
    const input = screen.getByLabelText('Import workspace file')
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['x'], 'thesis.bookbag')] } })
    })
    const dialog = await screen.findByTestId('import-report')
    expect(dialog).toHaveTextContent('Imported “Thesis”')
    expect(within(dialog).getByTestId('missing-models')).toHaveTextContent('anthropic:claude-sonnet-4-5')
    expect(workspacesApi.list).toHaveBeenCalled()
  })

  it('shows why an archive was refused', async () => {
    const { ApiError } = await import('@/api')
    vi.mocked(workspacesApi.importArchiveFile).mockRejectedValue(new ApiError('invalid', 'the archive was refused: it is damaged'))
    render(
      <>
        <WorkspacesPage />
        <Toaster />
      </>,
    )
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import workspace file'), { target: { files: [new File(['x'], 'bad.bookbag')] } })
    })
    expect(await screen.findByRole('alert')).toHaveTextContent('it is damaged')
    expect(screen.queryByTestId('import-report')).toBeNull()
  })
})

describe('archive progress', () => {
  // emit sends an archive:progress event to whoever listens (the page while a job runs).
  let emit: (p: ArchiveProgress) => void = () => {}
  beforeEach(() => {
    vi.mocked(onEvent).mockImplementation(((name: string, h: (p: ArchiveProgress) => void) => {
      if (name === 'archive:progress') emit = (p) => act(() => h(p))
      return () => {}
    }) as typeof onEvent)
  })
  afterEach(() => {
    vi.mocked(onEvent).mockImplementation(() => () => {})
  })

  it('shows an import’s progress with a Cancel, and says nothing was added once cancelled', async () => {
    let fail: (e: unknown) => void = () => {}
    vi.mocked(workspacesApi.importArchiveFile).mockImplementation(() => new Promise((_, reject) => (fail = reject)))
    render(
      <>
        <WorkspacesPage />
        <Toaster />
      </>,
    )
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import workspace file'), { target: { files: [new File(['x'], 'big.bookbag')] } })
    })
    expect(screen.queryByTestId('archive-progress')).toBeNull() // nothing reported yet
    emit({ workspaceId: 'w9', op: 'export', stage: 'rows', done: 1, total: 2 }) // not this job
    expect(screen.queryByTestId('archive-progress')).toBeNull()
    emit({ workspaceId: 'w9', op: 'import', stage: 'applying', done: 50_000, total: 200_000 })
    const panel = screen.getByTestId('archive-progress')
    expect(panel).toHaveTextContent('Adding to this computer: 50,000 of 200,000 rows')
    expect(within(panel).getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', '25')
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Cancel' }))
    expect(workspacesApi.cancelArchive).toHaveBeenCalledTimes(1)
    await act(async () => fail(new ApiError('canceled', 'import cancelled; nothing was added')))
    expect(screen.queryByTestId('archive-progress')).toBeNull()
    const toast = await screen.findByRole('status')
    expect(toast).toHaveTextContent('import cancelled; nothing was added')
    expect(toast.className).not.toContain('text-destructive')
    expect(screen.queryByTestId('import-report')).toBeNull()
  })

  it('shows an export’s progress with a Cancel, and says nothing was written once cancelled', async () => {
    let fail: (e: unknown) => void = () => {}
    vi.mocked(workspacesApi.exportArchive).mockImplementation(() => new Promise((_, reject) => (fail = reject)))
    render(
      <>
        <WorkspacesPage />
        <Toaster />
      </>,
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Personal' }))
    await user.click(await screen.findByRole('menuitem', { name: /Export/ }))
    emit({ workspaceId: 'w1', op: 'export', stage: 'files', done: 3, total: 12 })
    const panel = screen.getByTestId('archive-progress')
    expect(panel).toHaveTextContent('Writing files: 3 of 12 files')
    expect(within(panel).getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('aria-valuenow', '25')
    await user.click(within(panel).getByRole('button', { name: 'Cancel' }))
    expect(workspacesApi.cancelArchive).toHaveBeenCalledTimes(1)
    await act(async () => fail(new ApiError('canceled', 'export cancelled; nothing was written')))
    expect(screen.queryByTestId('archive-progress')).toBeNull()
    expect(await screen.findByRole('status')).toHaveTextContent('export cancelled; nothing was written')
  })

  it('keeps an import’s progress and Cancel, and offers no export, while another action comes and goes', async () => {
    let done: (r: ReturnType<typeof report>) => void = () => {}
    vi.mocked(workspacesApi.importArchiveFile).mockImplementation(() => new Promise((resolve) => (done = resolve)))
    render(<WorkspacesPage />)
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import workspace file'), { target: { files: [new File(['x'], 'big.bookbag')] } })
    })
    emit({ workspaceId: 'w9', op: 'import', stage: 'checking', done: 10, total: 100 })
    const user = userEvent.setup()
    await user.click(within(screen.getByRole('navigation', { name: 'Workspaces' })).getByRole('button', { name: /Thesis/ }))
    await user.click(screen.getByRole('button', { name: 'Actions for Thesis' }))
    expect(await screen.findByRole('menuitem', { name: /Export/ })).toHaveAttribute('aria-disabled', 'true')
    await user.click(screen.getByRole('menuitem', { name: /Archive/ }))
    await waitFor(() => expect(workspacesApi.setArchived).toHaveBeenCalledWith('w2', true))
    // The archive is done; the import is not.
    expect(screen.getByTestId('archive-progress')).toHaveTextContent('Checking the archive: 10 of 100 rows')
    expect(screen.getByRole('button', { name: /Importing/ })).toBeDisabled()
    await act(async () => done(report()))
    expect(screen.queryByTestId('archive-progress')).toBeNull()
    expect(screen.getByRole('button', { name: /Import…/, hidden: true })).toBeEnabled() // behind the report
  })

  it('says each stage with its numbers', () => {
    expect(archiveProgressText({ workspaceId: 'w', op: 'import', stage: 'checking', done: 1200, total: 3000 })).toBe('Checking the archive: 1,200 of 3,000 rows')
    expect(archiveProgressText({ workspaceId: 'w', op: 'export', stage: 'chunks', done: 7, total: 0 })).toBe('Writing document passages: 7 passages')
  })
})

function report() {
  return {
    workspaceId: 'w2',
    workspaceName: 'Thesis',
    renamedFrom: '',
    appVersion: '1',
    exportedAt: 1,
    created: true,
    tables: [
      { table: 'chats', added: 3, updated: 0, skipped: 0 },
      { table: 'messages', added: 10, updated: 0, skipped: 1 },
    ],
    added: 13,
    updated: 0,
    skipped: 1,
    filesAdded: 2,
    filesPresent: 0,
    chunks: 4,
    reindex: 0,
    missingModels: ['anthropic:claude-sonnet-4-5'],
    missingFiles: [],
  }
}

describe('ImportReportDialog', () => {
  it('summarises an import that found nothing new', () => {
    expect(reportSummary({ ...report(), added: 0, updated: 0, skipped: 14 })).toMatch(/Nothing new/)
    expect(reportSummary(report())).toBe('13 added, 1 already here.')
  })

  it('opens the imported workspace', async () => {
    const onOpen = vi.fn()
    render(<ImportReportDialog report={report()} onOpenChange={() => {}} onOpen={onOpen} />)
    await userEvent.click(screen.getByRole('button', { name: 'Open workspace' }))
    expect(onOpen).toHaveBeenCalledWith('w2')
  })

  it('says the workspace got a name of its own beside one of the same name', () => {
    render(<ImportReportDialog report={{ ...report(), workspaceName: 'Thesis (2)', renamedFrom: 'Thesis' }} onOpenChange={() => {}} onOpen={() => {}} />)
    expect(screen.getByRole('heading', { name: 'Imported “Thesis (2)”' })).toBeTruthy()
    expect(screen.getByRole('note', { name: 'Renamed' }).textContent).toMatch(/A workspace named “Thesis” was already here, so this one is called “Thesis \(2\)”/)
  })
})

describe('SettingsForm', () => {
  it('saves settings and offers re-indexing after a chunk size change', async () => {
    vi.mocked(modelsApi.enabledModels).mockResolvedValue([
      { id: 'm1', providerId: 'p', providerName: 'OpenAI', name: 'gpt-a', ref: 'openai:gpt-a', displayName: '', embedding: false } as Model,
      { id: 'm2', providerId: 'p', providerName: 'OpenAI', name: 'gpt-b', ref: 'openai:gpt-b', displayName: '', embedding: false } as Model,
      { id: 'm3', providerId: 'p', providerName: 'OpenAI', name: 'embed', ref: 'openai:embed@8', displayName: '', embedding: true } as Model,
    ])
    vi.mocked(workspacesApi.allowedModels).mockResolvedValue(['openai:gpt-b'])
    vi.mocked(workspacesApi.updateSettings).mockImplementation(async (s) => ({ settings: s, reembedding: false, reindexSuggested: true, documents: 3 }))
    vi.mocked(workspacesApi.reindexDocuments).mockResolvedValue(3)
    render(
      <>
        <SettingsForm workspaceId="w2" />
        <Toaster />
      </>,
    )
    const user = userEvent.setup()
    const model = await screen.findByLabelText('Default chat model')
    // Only the allowed model is offered.
    expect(within(model).queryByRole('option', { name: 'gpt-a' })).toBeNull()
    await user.selectOptions(model, 'openai:gpt-b')
    await user.type(screen.getByLabelText('System prompt'), 'Cite sources.')
    const size = screen.getByLabelText('Chunk size')
    await user.clear(size)
    await user.type(size, '600')
    await user.click(screen.getByRole('switch', { name: /Answer from the workspace's documents/ }))
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(workspacesApi.updateSettings).toHaveBeenCalledWith(
      wsSettings({ workspaceId: 'w2', defaultModelRef: 'openai:gpt-b', systemPrompt: 'Cite sources.', chunkSize: 600, useDocuments: false }),
    )
    await user.click(await screen.findByRole('button', { name: 'Re-index all 3' }))
    expect(workspacesApi.reindexDocuments).toHaveBeenCalledWith('w2')
  })

  it('switches re-ranking on, off by default, with its cost said', async () => {
    vi.mocked(workspacesApi.updateSettings).mockImplementation(async (s) => ({ settings: s, reembedding: false, reindexSuggested: false, documents: 0 }))
    render(<SettingsForm workspaceId="w2" />)
    const user = userEvent.setup()
    const rerank = await screen.findByRole('switch', { name: /Re-rank sources with the chat model/ })
    expect(rerank).not.toBeChecked()
    expect(rerank.closest('div')).toHaveTextContent('about 3,100 prompt tokens per question')
    await user.click(rerank)
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(workspacesApi.updateSettings).toHaveBeenCalledWith(wsSettings({ workspaceId: 'w2', rerankSources: true }))
  })

  it('shows a refused change', async () => {
    const { ApiError } = await import('@/api')
    const msg = 'chunk overlap must be at least 0 and less than half the chunk size'
    vi.mocked(workspacesApi.updateSettings).mockRejectedValue(new ApiError('invalid', msg))
    render(<SettingsForm workspaceId="w2" />)
    const user = userEvent.setup()
    const overlap = await screen.findByLabelText('Overlap')
    await user.clear(overlap)
    await user.type(overlap, '600')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(msg)
  })
})
