import { beforeEach, describe, expect, it, vi } from 'vitest'
import { documentsApi } from '@/api'
import { useAcceptedFormatsStore } from './acceptedFormats'
import { acceptAttr, formatsLabel, isSupported } from './format'

vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())

const api = vi.mocked(documentsApi)

beforeEach(() => {
  vi.clearAllMocks()
  useAcceptedFormatsStore.setState({ formats: [], pending: null })
})

describe('accepted formats', () => {
  it('are asked of the backend once and rendered from that one list', async () => {
    const [a, b] = await Promise.all([useAcceptedFormatsStore.getState().load(), useAcceptedFormatsStore.getState().load()])
    await useAcceptedFormatsStore.getState().load()
    expect(api.acceptedFormats).toHaveBeenCalledTimes(1)
    expect(a).toBe(b)
    expect(formatsLabel(a)).toBe('PDF, DOCX, TXT, MD, HTML, CSV')
    expect(acceptAttr(a)).toBe('.pdf,.docx,.txt,.text,.md,.markdown,.html,.htm,.csv')
    expect(['a.PDF', 'b.text', 'c.markdown', 'd.htm'].every((n) => isSupported(n, a))).toBe(true)
    expect(['photo.jpg', 'README', 'archive.tar.gz', 'md'].some((n) => isSupported(n, a))).toBe(false)
  })

  it('are asked again after a failure', async () => {
    api.acceptedFormats.mockRejectedValueOnce(new Error('not yet'))
    await expect(useAcceptedFormatsStore.getState().load()).rejects.toThrow('not yet')
    expect(useAcceptedFormatsStore.getState().formats).toEqual([])
    expect(await useAcceptedFormatsStore.getState().load()).toHaveLength(9)
    expect(api.acceptedFormats).toHaveBeenCalledTimes(2)
  })
})
