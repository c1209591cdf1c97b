import { useRef, useState } from 'react'
import { Archive, ArchiveRestore, Download, FolderOpen, MoreHorizontal, Pencil, Plus, Trash2, Upload } from 'lucide-react'
import { toApiError, workspacesApi, type ArchiveReport, type Workspace } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useToasts } from '@/components/ui/toast'
import { Page } from '@/components/layout/Page'
import { cn } from '@/lib/utils'
import { useAppStore } from '@/features/app/store'
import { AllowedModels } from './AllowedModels'
import { ArchiveProgress } from './ArchiveProgress'
import { ImportReportDialog } from './ImportReportDialog'
import { Overview } from './Overview'
import { SettingsForm } from './SettingsForm'
import { useWorkspaceStore } from './store'
import { WorkspaceDialog } from './WorkspaceDialog'
import { WorkspaceIcon } from './WorkspaceIcon'
import { WorkspaceSharing, useSyncStatus } from '@/features/sync'

/** UNDO_MS is how long the undo offer shows (the backend keeps a deleted workspace 30 s). */
const UNDO_MS = 25_000

/** deleteDescription says what deleting a workspace takes with it (for everyone when it is shared). */
export function deleteDescription(shared: boolean): string {
  const what = 'Its chats, documents, settings, profiles and templates go with it.'
  if (shared) {
    return `${what} It is shared with a server: it is deleted for every member. You can undo for a few seconds.`
  }
  return `${what} You can undo for a few seconds; after that they are removed from this computer.`
}

/** WorkspacesPage manages workspaces: list, create, edit, archive, delete, export and import, and each one's overview and settings. */
export function WorkspacesPage() {
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const currentId = useWorkspaceStore((s) => s.currentId)
  const [selectedId, setSelectedId] = useState(currentId)
  const [editing, setEditing] = useState<Workspace | null>(null)
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<Workspace | null>(null)
  const deletingSync = useSyncStatus(deleting?.id ?? '')
  const [report, setReport] = useState<ArchiveReport | null>(null)
  // The running archive job is kept apart from other actions: a rename or a
  // delete ending during an import must not hide its progress and Cancel.
  const [job, setJob] = useState<'import' | 'export' | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const show = useToasts((s) => s.show)

  const selected = workspaces.find((w) => w.id === selectedId) ?? workspaces.find((w) => w.id === currentId)
  const active = workspaces.filter((w) => !w.archivedAt)
  const archived = workspaces.filter((w) => w.archivedAt)

  // A cancelled import or export is no failure: its message says nothing was added or written.
  const failed = (e: unknown, ms?: number) => {
    const err = toApiError(e)
    show({ message: err.message, tone: err.code === 'canceled' ? 'default' : 'error' }, ms)
  }
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f()
    } catch (e) {
      failed(e)
    }
  }
  // One archive import or export at a time (the backend runs one): the other is offered again when it ends.
  const archiveJob = async (op: 'import' | 'export', f: () => Promise<void>) => {
    setJob(op)
    try {
      await f()
    } finally {
      setJob(null)
    }
  }
  const open = (w: Workspace) => {
    useWorkspaceStore.getState().setCurrent(w.id)
    useAppStore.getState().navigate('chats')
  }
  const remove = (w: Workspace) =>
    act(async () => {
      const token = await useWorkspaceStore.getState().remove(w.id)
      if (selectedId === w.id) setSelectedId(useWorkspaceStore.getState().currentId)
      show(
        {
          message: `Deleted “${w.name}”`,
          action: {
            label: 'Undo',
            run: () =>
              void useWorkspaceStore
                .getState()
                .undoRemove(token)
                .then(
                  (back) => setSelectedId(back.id),
                  (e) => failed(e),
                ),
          },
        },
        UNDO_MS,
      )
    })
  const exportArchive = (w: Workspace) =>
    archiveJob('export', () =>
      act(async () => {
        const res = await workspacesApi.exportArchive(w.id)
        if (res.path) show({ message: `Exported “${w.name}” to ${res.path}` })
      }),
    )
  const imported = (p: () => Promise<ArchiveReport>) =>
    archiveJob('import', async () => {
      try {
        const r = await p()
        if (!r.workspaceId) return // cancelled
        await useWorkspaceStore.getState().refresh()
        setSelectedId(r.workspaceId)
        setReport(r)
      } catch (e) {
        setReport(null)
        failed(e, 15_000)
      }
    })

  return (
    <Page
      title="Workspaces"
      actions={
        <>
          <input
            ref={fileRef}
            type="file"
            accept=".bookbag,application/zip"
            className="sr-only"
            aria-label="Import workspace file"
            tabIndex={-1}
            onChange={(e) => {
              const f = e.target.files?.[0]
              e.target.value = ''
              if (f) void imported(() => workspacesApi.importArchiveFile(f))
            }}
          />
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" size="sm" disabled={job !== null}>
                <Upload /> {job === 'import' ? 'Importing…' : 'Import…'}
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={() => void imported(() => workspacesApi.importArchive())}>Choose a .bookbag file…</DropdownMenuItem>
              <DropdownMenuItem onSelect={() => fileRef.current?.click()}>Upload from the browser…</DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
          <Button size="sm" onClick={() => setCreating(true)}>
            <Plus /> New workspace
          </Button>
        </>
      }
    >
      <ArchiveProgress op={job} />
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <div className="grid content-start gap-4">
          <WorkspaceList
            label="Workspaces"
            items={active}
            selectedId={selected?.id}
            currentId={currentId}
            onSelect={(w) => setSelectedId(w.id)}
          />
          {archived.length > 0 && (
            <WorkspaceList label="Archived" items={archived} selectedId={selected?.id} currentId={currentId} onSelect={(w) => setSelectedId(w.id)} />
          )}
        </div>
        {selected && (
          <section aria-label={`Workspace ${selected.name}`} className="min-w-0">
            <header className="flex flex-wrap items-center gap-3">
              <WorkspaceIcon workspace={selected} className="size-10 text-lg" />
              <div className="min-w-0 flex-1">
                <h2 className="truncate text-lg font-semibold" data-testid="workspace-title">
                  {selected.name}
                </h2>
                <div className="flex gap-1.5">
                  {selected.isDefault && <Badge variant="secondary">Default</Badge>}
                  {selected.archivedAt > 0 && <Badge variant="secondary">Archived</Badge>}
                  {selected.id === currentId && <Badge>Open</Badge>}
                </div>
              </div>
              {selected.id !== currentId && (
                <Button size="sm" onClick={() => open(selected)}>
                  <FolderOpen /> Open
                </Button>
              )}
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button variant="outline" size="icon" aria-label={`Actions for ${selected.name}`}>
                    <MoreHorizontal />
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="end">
                  <DropdownMenuItem onSelect={() => setEditing(selected)}>
                    <Pencil /> Rename, icon and colour…
                  </DropdownMenuItem>
                  <DropdownMenuItem disabled={job !== null} onSelect={() => void exportArchive(selected)}>
                    <Download /> {job === 'export' ? 'Exporting…' : 'Export…'}
                  </DropdownMenuItem>
                  {!selected.isDefault && (
                    <DropdownMenuItem
                      onSelect={() => void act(() => useWorkspaceStore.getState().setArchived(selected.id, !selected.archivedAt))}
                    >
                      {selected.archivedAt ? <ArchiveRestore /> : <Archive />} {selected.archivedAt ? 'Unarchive' : 'Archive'}
                    </DropdownMenuItem>
                  )}
                  {!selected.isDefault && (
                    <>
                      <DropdownMenuSeparator />
                      <DropdownMenuItem destructive onSelect={() => setDeleting(selected)}>
                        <Trash2 /> Delete…
                      </DropdownMenuItem>
                    </>
                  )}
                </DropdownMenuContent>
              </DropdownMenu>
            </header>
            <Tabs defaultValue="overview" className="mt-5">
              <TabsList>
                <TabsTrigger value="overview">Overview</TabsTrigger>
                <TabsTrigger value="settings">Settings</TabsTrigger>
                <TabsTrigger value="models">Models</TabsTrigger>
                <TabsTrigger value="sharing">Sharing</TabsTrigger>
              </TabsList>
              <TabsContent value="overview">
                <Overview key={selected.id} workspaceId={selected.id} />
              </TabsContent>
              <TabsContent value="settings">
                <SettingsForm key={selected.id} workspaceId={selected.id} />
              </TabsContent>
              <TabsContent value="models">
                <AllowedModels key={selected.id} workspaceId={selected.id} />
              </TabsContent>
              <TabsContent value="sharing">
                <WorkspaceSharing key={selected.id} workspaceId={selected.id} workspaceName={selected.name}
                  onLinked={() => void useWorkspaceStore.getState().refresh()} />
              </TabsContent>
            </Tabs>
          </section>
        )}
      </div>
      <WorkspaceDialog open={creating} onOpenChange={setCreating} onSaved={(w) => setSelectedId(w.id)} />
      <WorkspaceDialog open={!!editing} onOpenChange={(o) => !o && setEditing(null)} workspace={editing ?? undefined} />
      <Confirm
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ''}”?`}
        description={deleteDescription(deletingSync?.linked === true)}
        confirmLabel="Delete workspace"
        destructive
        onConfirm={() => {
          if (deleting) void remove(deleting)
          setDeleting(null)
        }}
      />
      <ImportReportDialog
        report={report}
        onOpenChange={(o) => !o && setReport(null)}
        onOpen={(id) => {
          const w = useWorkspaceStore.getState().workspaces.find((x) => x.id === id)
          setReport(null)
          if (w) open(w)
        }}
      />
    </Page>
  )
}

function WorkspaceList(props: { label: string; items: Workspace[]; selectedId?: string; currentId: string; onSelect: (w: Workspace) => void }) {
  return (
    <nav aria-label={props.label}>
      <h2 className="px-2 pb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{props.label}</h2>
      <ul className="grid gap-0.5">
        {props.items.map((w) => (
          <li key={w.id}>
            <button
              type="button"
              onClick={() => props.onSelect(w)}
              aria-current={w.id === props.selectedId ? 'true' : undefined}
              className={cn(
                'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm',
                w.id === props.selectedId ? 'bg-accent font-medium' : 'hover:bg-accent/60',
              )}
            >
              <WorkspaceIcon workspace={w} className="size-6" />
              <span className="min-w-0 flex-1 truncate">{w.name}</span>
              {w.id === props.currentId && <span className="size-1.5 rounded-full bg-primary" aria-label="open" />}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
