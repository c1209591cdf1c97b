import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, backupApi, onEvent, type BackupProgress, type BackupResult, type BackupInspection } from '@/api'
import { BackupCard } from './BackupCard'
import { keysSentence, progressText, secretsSentence } from './format'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const openai = { id: 'p1', name: 'My OpenAI', preset: 'openai', keyEnv: 'OPENAI_API_KEY' }

function inspection(over: Partial<BackupInspection> = {}): BackupInspection {
  return {
    path: '/b/backup.tar.gz.age', encrypted: true, needsPassphrase: false, compatible: true, problem: '', appVersion: '1.0.0',
    schemaVersion: 10, createdAt: 1_700_000_000_000, files: 12, totalBytes: 5 << 20,
    embeddings: [{ workspaceId: 'w1', ref: 'ollama:nomic-embed-text@768', dimensions: 768, chunks: 40 }], providers: [openai], secrets: [], ...over,
  }
}

beforeEach(() => {
  vi.clearAllMocks()
})

/** progressEvents sends backup:progress to every view that listens (both the backup and the restore one do). */
function progressEvents(): (p: BackupProgress) => void {
  const handlers: ((p: BackupProgress) => void)[] = []
  vi.mocked(onEvent).mockImplementation(((_n: string, h: (p: BackupProgress) => void) => {
    handlers.push(h)
    return () => handlers.splice(handlers.indexOf(h), 1)
  }) as typeof onEvent)
  return (p) => act(() => handlers.forEach((h) => h(p)))
}

describe('BackupCard', () => {
  it('backs up with a passphrase, shows progress, and can cancel', async () => {
    const progress = progressEvents()
    let finish: (r: BackupResult) => void = () => {}
    vi.mocked(backupApi.backupNow).mockImplementation(() => new Promise<BackupResult>((res) => (finish = res)))
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('switch', { name: 'Protect with a passphrase' }))
    const start = screen.getByRole('button', { name: 'Back up now…' })
    expect(start).toBeDisabled() // no passphrase yet
    await user.type(screen.getByLabelText(/^Passphrase \(at least/), 'long enough')
    await user.type(screen.getByLabelText('Passphrase again'), 'long enougX')
    expect(screen.getByLabelText('Passphrase again')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Passphrase again')).toHaveAccessibleDescription('The passphrases differ.')
    await user.clear(screen.getByLabelText('Passphrase again'))
    await user.type(screen.getByLabelText('Passphrase again'), 'long enough')
    await user.click(start)
    expect(backupApi.backupNow).toHaveBeenCalledWith({ passphrase: 'long enough', compress: true })
    progress({ op: 'backup', stage: 'files', done: 1 << 20, total: 4 << 20 })
    expect(screen.getByText('Writing 1.0 MB of 4.0 MB')).toBeInTheDocument()
    expect(screen.getByRole('progressbar', { name: 'Backup progress' })).toHaveAttribute('aria-valuenow', '25')
    expect(screen.getByRole('status')).toHaveTextContent('Backup progress: 25%')
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(backupApi.cancelRunning).toHaveBeenCalled()
    await act(async () =>
      finish({ path: '/b/x.tar.gz.age', bytes: 3 << 20, files: 12, encrypted: true, createdAt: 1, providers: [openai], tookMs: 5 }),
    )
    expect(await screen.findByText(/Backed up 12 files \(3.0 MB, encrypted\)/)).toBeInTheDocument()
    expect(screen.getByText(/Enter the key again for: My OpenAI \(or set OPENAI_API_KEY\)/)).toBeInTheDocument()
  })

  // The user left Settings during a long backup (or the schedule started
  // one): back on the page, it shows and can be cancelled; before, the page
  // showed nothing and Back up now met "a backup is already running".
  it('shows a backup that was running before the page opened, and cancels it', async () => {
    const progress = progressEvents()
    const running: BackupProgress = { op: 'backup', stage: 'files', done: 2 << 20, total: 4 << 20 }
    // each view asks (the backup and the restore one)
    vi.mocked(backupApi.progress).mockResolvedValueOnce(running).mockResolvedValueOnce(running)
    render(<BackupCard />)
    const user = userEvent.setup()
    const shown = await screen.findByTestId('backup-progress')
    expect(shown).toHaveTextContent('A backup is running (started earlier, or on schedule). Writing 2.0 MB of 4.0 MB')
    expect(screen.getByRole('button', { name: 'Back up now…' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Restore from a file…' })).toBeEnabled()
    progress({ op: 'backup', stage: 'files', done: 3 << 20, total: 4 << 20 })
    expect(screen.getByRole('progressbar', { name: 'Backup progress' })).toHaveAttribute('aria-valuenow', '75')
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(backupApi.cancelRunning).toHaveBeenCalled()
    progress({ op: 'backup', stage: 'canceled', done: 3 << 20, total: 4 << 20 })
    expect(screen.queryByTestId('backup-progress')).toBeNull()
    expect(screen.getByRole('button', { name: 'Back up now…' })).toBeEnabled()
  })

  it('words a cancelled backup or restore as what the user did, not as an error', async () => {
    vi.mocked(backupApi.backupNow).mockRejectedValueOnce({ code: 'canceled', message: 'the backup was cancelled; nothing was written' })
    vi.mocked(backupApi.chooseBackupFile).mockResolvedValue('/b/x.tar')
    vi.mocked(backupApi.inspect).mockResolvedValue(inspection({ encrypted: false }))
    vi.mocked(backupApi.restore).mockRejectedValueOnce({ code: 'canceled', message: 'the restore was cancelled; nothing was changed' })
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Back up now…' }))
    expect(await screen.findByText('the backup was cancelled; nothing was written')).toHaveAttribute('role', 'status')
    await user.click(screen.getByRole('button', { name: 'Restore from a file…' }))
    await user.click(await screen.findByRole('button', { name: 'Restore this backup…' }))
    await user.click(await screen.findByRole('button', { name: 'Check and restore' }))
    expect(await screen.findByText('the restore was cancelled; nothing was changed')).toHaveAttribute('role', 'status')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('follows a restore that was running before the page opened until it is staged', async () => {
    const progress = progressEvents()
    const running: BackupProgress = { op: 'restore', stage: 'verify', done: 1 << 20, total: 4 << 20 }
    // each view asks (the backup and the restore one)
    vi.mocked(backupApi.progress).mockResolvedValueOnce(running).mockResolvedValueOnce(running)
    render(<BackupCard />)
    const shown = await screen.findByTestId('restore-progress')
    expect(shown).toHaveTextContent('A restore is running. Checking 1.0 MB of 4.0 MB')
    expect(screen.getByRole('button', { name: 'Restore from a file…' })).toBeDisabled()
    vi.mocked(backupApi.pending).mockResolvedValueOnce({ pending: true, dir: '/d.restore-1', source: '/b/backup.tar', stagedAt: 2, createdAt: 1_700_000_000_000,
      providers: [], problem: '' })
    progress({ op: 'restore', stage: 'done', done: 4 << 20, total: 4 << 20 })
    const pending = await screen.findByRole('status', { name: 'Pending restore' })
    expect(within(pending).getByRole('button', { name: 'Restart now' })).toBeInTheDocument()
  })

  it('restores an encrypted backup after its passphrase and a confirm, then offers a restart', async () => {
    vi.mocked(backupApi.chooseBackupFile).mockResolvedValue('/b/backup.tar.gz.age')
    vi.mocked(backupApi.inspect).mockImplementation(async (_p, pass) =>
      pass ? inspection() : inspection({ needsPassphrase: true, embeddings: [], providers: [] }),
    )
    vi.mocked(backupApi.restore).mockResolvedValue({ pending: true, dir: '/d.restore-1', source: '/b/backup.tar.gz.age', stagedAt: 2, createdAt: 1_700_000_000_000, providers: [openai], problem: '' })
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Restore from a file…' }))
    await user.type(await screen.findByLabelText('This backup is encrypted: its passphrase'), 'secret')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    const info = await screen.findByTestId('backup-info')
    expect(within(info).getByText(/the database and 12 files, 5.0 MB, encrypted/)).toBeInTheDocument()
    expect(within(info).getByText('ollama:nomic-embed-text@768 (768 dimensions)')).toBeInTheDocument()
    vi.mocked(backupApi.verify).mockResolvedValue({ ok: true, manifest: inspection(), checked: 13, bytes: 5 << 20 })
    await user.click(screen.getByRole('button', { name: 'Check every file' }))
    expect(await screen.findByText('Checked: all 13 entries match their SHA-256 and the database is sound.')).toBeInTheDocument()
    expect(backupApi.verify).toHaveBeenCalledWith('/b/backup.tar.gz.age', 'secret')
    await user.click(screen.getByRole('button', { name: 'Restore this backup…' }))
    await user.click(await screen.findByRole('button', { name: 'Check and restore' }))
    expect(backupApi.restore).toHaveBeenCalledWith('/b/backup.tar.gz.age', 'secret')
    const pending = await screen.findByRole('status', { name: 'Pending restore' })
    expect(within(pending).getByText(/My OpenAI/)).toBeInTheDocument()
    await user.click(within(pending).getByRole('button', { name: 'Restart now' }))
    expect(appApi.restart).toHaveBeenCalled()
  })

  it('says why the last start did not swap a pending restore in', async () => {
    vi.mocked(backupApi.pending).mockResolvedValueOnce({ pending: true, dir: '/d.restore-1', source: '/b/backup.tar', stagedAt: 2, createdAt: 1_700_000_000_000, providers: [],
      problem: 'the last start could not swap it in: another BookBag was still using the data folder. Quit every BookBag window, then start BookBag again.' })
    render(<BackupCard />)
    const pending = await screen.findByRole('status', { name: 'Pending restore' })
    expect(within(pending).getByText(/another BookBag was still using the data folder/)).toBeInTheDocument()
  })

  it('offers only to cancel a pending restore whose marker is damaged', async () => {
    vi.mocked(backupApi.pending).mockResolvedValueOnce({ pending: true, dir: '', source: '', stagedAt: 0, createdAt: 0, providers: [],
      problem: 'the restore waiting for the next start was not saved whole (as after a power cut), so it cannot be swapped in: cancel it, then restore again' })
    render(<BackupCard />)
    const pending = await screen.findByRole('status', { name: 'Pending restore' })
    expect(within(pending).getByText(/not saved whole/)).toBeInTheDocument()
    expect(within(pending).queryByRole('button', { name: 'Restart now' })).toBeNull()
    await userEvent.setup().click(within(pending).getByRole('button', { name: 'Cancel restore' }))
    expect(backupApi.cancelPending).toHaveBeenCalled()
    expect(await screen.findByRole('button', { name: 'Restore from a file…' })).toBeInTheDocument()
  })

  it('shows why a backup cannot be restored', async () => {
    vi.mocked(backupApi.chooseBackupFile).mockResolvedValue('/b/new.tar')
    vi.mocked(backupApi.inspect).mockResolvedValue(
      inspection({ encrypted: false, compatible: false, problem: 'it was made by a newer BookBag (2.0.0, database schema 99)' }),
    )
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Restore from a file…' }))
    expect(await screen.findByText(/cannot be restored: it was made by a newer BookBag/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Restore this backup…' })).toBeDisabled()
  })

  it('shows a refused restore’s reason', async () => {
    vi.mocked(backupApi.chooseBackupFile).mockResolvedValue('/b/x.tar')
    vi.mocked(backupApi.inspect).mockResolvedValue(inspection({ encrypted: false }))
    vi.mocked(backupApi.restore).mockRejectedValue({ code: 'invalid', message: 'the backup was refused: files/ab/cd/abcd does not match its recorded SHA-256' })
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Restore from a file…' }))
    await user.click(await screen.findByRole('button', { name: 'Restore this backup…' }))
    await user.click(await screen.findByRole('button', { name: 'Check and restore' }))
    // announced at once, not found only by someone who looks
    expect(await screen.findByRole('alert')).toHaveTextContent(/does not match its recorded SHA-256/)
  })

  it('after a restore names the keys to enter and removes kept-aside data after a confirm', async () => {
    vi.mocked(backupApi.notice).mockResolvedValue({ restored: true, source: 'b.tar', createdAt: 1, restoredAt: 2, appVersion: '1', asideDir: '/d.before-restore-1', providers: [openai], embeddings: [],
      secrets: ['tool server files: FILES_TOKEN (Settings → Tools)'],
    })
    const kept = { name: 'bookbag.before-restore-20260101-000000', path: '/d/bookbag.before-restore-20260101-000000', bytes: 2048, keptAt: 1 }
    vi.mocked(backupApi.keptAside).mockResolvedValue([kept])
    render(<BackupCard />)
    const user = userEvent.setup()
    expect(await screen.findByText(/Enter the key again for: My OpenAI/)).toBeInTheDocument()
    expect(screen.getByText('Also not in backups, kept in the system keychain: tool server files: FILES_TOKEN (Settings → Tools).')).toBeInTheDocument()
    await user.click(await screen.findByRole('button', { name: `Remove ${kept.name}` }))
    await user.click(await screen.findByRole('button', { name: 'Remove' }))
    expect(backupApi.removeKeptAside).toHaveBeenCalledWith(kept.name)
    await waitFor(() => expect(screen.queryByText(/before-restore-20260101/)).toBeNull())
    await user.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(backupApi.dismissNotice).toHaveBeenCalled()
  })

  it('saves a schedule', async () => {
    vi.mocked(backupApi.chooseScheduleFolder).mockResolvedValue('/backups')
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('radio', { name: 'Weekly' }))
    await user.click(screen.getByRole('button', { name: 'Choose…' }))
    await waitFor(() => expect(screen.getByLabelText('Folder')).toHaveValue('/backups'))
    await user.clear(screen.getByLabelText('Keep the newest'))
    await user.type(screen.getByLabelText('Keep the newest'), '4')
    await user.click(screen.getByRole('button', { name: 'Save schedule' }))
    expect(backupApi.setSchedule).toHaveBeenCalledWith(expect.objectContaining({ frequency: 'weekly', folder: '/backups', keep: 4 }))
  })

  it('encrypts scheduled backups with a passphrase sent once, then kept in the keychain', async () => {
    const base = { frequency: 'daily', folder: '/backups', keep: 7, encrypt: false, passphrase: '', hasPassphrase: false, lastRunAt: 0, lastPath: '', lastError: '', lastErrorAt: 0, nextRunAt: 0 }
    vi.mocked(backupApi.schedule).mockResolvedValueOnce(base)
    vi.mocked(backupApi.setSchedule).mockImplementation(async (s) => ({ ...s, passphrase: '', hasPassphrase: s.encrypt }))
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('switch', { name: 'Encrypt scheduled backups' }))
    const save = screen.getByRole('button', { name: 'Save schedule' })
    expect(save).toBeDisabled()
    await user.type(screen.getByLabelText(/^Passphrase \(/), 'correct horse')
    await user.type(screen.getByLabelText('Passphrase again'), 'correct hors')
    expect(screen.getByLabelText('Passphrase again')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Passphrase again')).toHaveAccessibleDescription('The passphrases differ.')
    expect(save).toBeDisabled()
    await user.type(screen.getByLabelText('Passphrase again'), 'e')
    await user.click(save)
    expect(backupApi.setSchedule).toHaveBeenLastCalledWith(expect.objectContaining({ encrypt: true, passphrase: 'correct horse' }))
    // Saved: the form forgets it and says where it is; saving again sends none.
    expect(await screen.findByText('The passphrase is in the keychain.')).toBeInTheDocument()
    expect(screen.queryByLabelText('Passphrase again')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Save schedule' }))
    expect(backupApi.setSchedule).toHaveBeenLastCalledWith(expect.objectContaining({ encrypt: true, passphrase: '' }))
    await user.click(screen.getByRole('button', { name: 'Change passphrase' }))
    expect(screen.getByLabelText('Passphrase again')).toHaveValue('')
  })

  it('words progress and keys', () => {
    expect(progressText(null)).toBe('Starting…')
    expect(progressText({ op: 'backup', stage: 'snapshot', done: 0, total: 0 })).toBe('Taking a snapshot of the database…')
    expect(progressText({ op: 'restore', stage: 'verify', done: 0, total: 2048 })).toBe('Checking 0 B of 2.0 KB')
    expect(keysSentence([])).toBe('No provider needs an API key.')
    expect(secretsSentence([])).toBe('')
    expect(secretsSentence(['a', 'b'])).toBe('Also not in backups, kept in the system keychain: a; b.')
  })
})

describe('SettingsFile', () => {
  it('imports settings and names the keys to enter', async () => {
    vi.mocked(backupApi.importSettings).mockResolvedValue({
      path: '/s.json', themeSet: true, providersAdded: ['Work OpenAI'], providersKept: ['Ollama'], profilesAdded: 1, templatesAdded: 2,
      skipped: 1, needKeys: ['Work OpenAI'], notes: [],
    })
    render(<BackupCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Import settings…' }))
    expect(await screen.findByText('1 provider added, 1 already there; 1 profile and 2 templates added (1 kept: the name was taken).')).toBeInTheDocument()
    expect(screen.getByText('Enter the API key for: Work OpenAI.')).toBeInTheDocument()
  })
})
