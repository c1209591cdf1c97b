import { beforeEach, describe, expect, it, vi } from 'vitest'
import { renderHook, waitFor } from '@testing-library/react'
import { backupApi } from '@/api'
import { useToasts } from '@/components/ui/toast'
import { useRestoreNotice } from './useRestoreNotice'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

beforeEach(() => {
  vi.clearAllMocks()
  useToasts.setState({ toasts: [] })
})

describe('useRestoreNotice', () => {
  it('tells, after a restore, which keys to enter again', async () => {
    vi.mocked(backupApi.notice).mockResolvedValue({
      restored: true, source: 'bookbag-backup-20260101-000000.tar.gz', createdAt: 1, restoredAt: 2, appVersion: '1', asideDir: '/x',
      providers: [{ id: 'p', name: 'My OpenAI', preset: 'openai', keyEnv: '' }], embeddings: [],
      secrets: ['the passphrase of scheduled backups (Settings → Backup & restore)'],
    })
    const open = vi.fn()
    renderHook(() => useRestoreNotice(open))
    await waitFor(() => expect(useToasts.getState().toasts).toHaveLength(1))
    const t = useToasts.getState().toasts[0]
    expect(t.message).toBe(
      'Restored from bookbag-backup-20260101-000000.tar.gz. API keys are not in backups. Enter the key again for: My OpenAI. ' +
        'Also not in backups, kept in the system keychain: the passphrase of scheduled backups (Settings → Backup & restore).',
    )
    t.action?.run()
    expect(open).toHaveBeenCalled()
  })

  it('says nothing otherwise', async () => {
    vi.mocked(backupApi.notice).mockResolvedValue({
      restored: false, source: '', createdAt: 0, restoredAt: 0, appVersion: '', asideDir: '', providers: [], secrets: [], embeddings: [],
    })
    renderHook(() => useRestoreNotice(() => {}))
    await waitFor(() => expect(backupApi.notice).toHaveBeenCalled())
    expect(useToasts.getState().toasts).toHaveLength(0)
  })
})
