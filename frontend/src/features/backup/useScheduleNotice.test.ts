import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, renderHook, waitFor } from '@testing-library/react'
import { backupApi, EventNames, onEvent, type BackupSchedule, type BackupScheduledFailure } from '@/api'
import { useToasts } from '@/components/ui/toast'
import { useScheduleNotice } from './useScheduleNotice'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const schedule = (over: Partial<BackupSchedule>): BackupSchedule => ({
  frequency: 'daily', folder: '/usb', keep: 7, encrypt: false, passphrase: '', hasPassphrase: false,
  lastRunAt: 1_000, lastPath: '', lastError: '', lastErrorAt: 0, nextRunAt: 0, ...over,
})

let emit: (name: string, payload: unknown) => void = () => {}

beforeEach(() => {
  vi.clearAllMocks()
  useToasts.setState({ toasts: [] })
  const handlers: Record<string, (p: unknown) => void> = {}
  vi.mocked(onEvent).mockImplementation(((name: string, h: (p: unknown) => void) => {
    handlers[name] = h
    return () => delete handlers[name]
  }) as typeof onEvent)
  emit = (name, payload) => act(() => handlers[name]?.(payload))
})

describe('useScheduleNotice', () => {
  it('tells at start that the last scheduled backup failed, with the way to Settings', async () => {
    vi.mocked(backupApi.schedule).mockResolvedValueOnce(schedule({ lastError: 'the folder /usb is not there (is its drive connected?)', lastErrorAt: 2_000 }))
    const open = vi.fn()
    renderHook(() => useScheduleNotice(open))
    await waitFor(() => expect(useToasts.getState().toasts).toHaveLength(1))
    const t = useToasts.getState().toasts[0]
    expect(t).toMatchObject({ tone: 'error', message: 'The scheduled backup failed: the folder /usb is not there (is its drive connected?)' })
    t.action?.run()
    expect(open).toHaveBeenCalled()
  })

  it('tells a failure as it happens, and nothing when the last run worked', async () => {
    vi.mocked(backupApi.schedule).mockResolvedValueOnce(schedule({ lastError: 'old trouble', lastErrorAt: 500 }))
    renderHook(() => useScheduleNotice(() => {}))
    await waitFor(() => expect(backupApi.schedule).toHaveBeenCalled())
    expect(useToasts.getState().toasts).toHaveLength(0)
    const failure: BackupScheduledFailure = { error: 'the disk is full', at: 3_000 }
    emit(EventNames.backupScheduled, failure)
    expect(useToasts.getState().toasts.map((t) => t.message)).toEqual(['The scheduled backup failed: the disk is full'])
  })
})
