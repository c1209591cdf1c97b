import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatImport } from '@/api'
import { importRefresher } from './importRefresh'

const importing = (chats: number, workspaceId = 'w1'): ChatImport => ({ workspaceId, stage: 'importing', done: 0, total: 100, chats, totalChats: 500 })

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('importRefresher', () => {
  it('refreshes when more chats are committed, at most every 2 s, and never drops the last growth', () => {
    const refresh = vi.fn()
    const r = importRefresher(refresh)
    r.progress({ ...importing(0), stage: 'checking' })
    r.progress(importing(0))
    expect(refresh).not.toHaveBeenCalled() // nothing committed yet

    r.progress(importing(100))
    expect(refresh).toHaveBeenCalledTimes(1) // the first batch shows at once
    expect(refresh).toHaveBeenLastCalledWith('w1')

    vi.advanceTimersByTime(500)
    r.progress(importing(200))
    vi.advanceTimersByTime(500)
    r.progress(importing(300))
    r.progress(importing(300))
    expect(refresh).toHaveBeenCalledTimes(1) // inside the interval: waits

    vi.advanceTimersByTime(999)
    expect(refresh).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(refresh).toHaveBeenCalledTimes(2) // once for both growths, when the interval ends

    vi.advanceTimersByTime(10_000)
    r.progress(importing(300)) // no growth: no refresh
    expect(refresh).toHaveBeenCalledTimes(2)
    r.progress(importing(400))
    expect(refresh).toHaveBeenCalledTimes(3) // the interval is long over: at once
  })

  it('starts counting again for the next import, and stop cancels a waiting refresh', () => {
    const refresh = vi.fn()
    const r = importRefresher(refresh)
    r.progress(importing(300))
    r.progress({ ...importing(0, 'w2'), stage: 'checking' })
    vi.advanceTimersByTime(2000)
    r.progress(importing(50, 'w2'))
    expect(refresh).toHaveBeenCalledTimes(2)
    expect(refresh).toHaveBeenLastCalledWith('w2')
    r.progress(importing(60, 'w2'))
    r.stop()
    vi.advanceTimersByTime(5000)
    expect(refresh).toHaveBeenCalledTimes(2)
  })
})
