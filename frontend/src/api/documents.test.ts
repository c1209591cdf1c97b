import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as D from '../../wailsjs/go/rag/API'
import { documentsApi } from './documents'
import { maxWebviewFile } from './wire'

vi.mock('../../wailsjs/go/rag/API', () => ({ AddBytes: vi.fn() }))

const addBytes = vi.mocked(D.AddBytes)

beforeEach(() => {
  addBytes.mockReset()
})

describe('documentsApi.addFile', () => {
  it('sends a file chosen in the webview as base64', async () => {
    addBytes.mockResolvedValue({ document: { id: 'd1' }, duplicate: false } as never)
    await documentsApi.addFile('w1', '', new File([new Uint8Array([1, 2, 3])], 'a.txt'))
    expect(addBytes).toHaveBeenCalledWith('w1', '', 'a.txt', 'AQID')
  })

  it('refuses a file too large for the bridge without reading it, and names the native way', async () => {
    const read = vi.fn(() => Promise.reject(new Error('read whole')))
    const big = { name: 'scan.pdf', size: maxWebviewFile + 1, arrayBuffer: read } as unknown as File
    await expect(documentsApi.addFile('w1', '', big)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('use “Add files”') })
    await expect(documentsApi.addFile('w1', 'c1', big, 'Attach document')).rejects.toMatchObject({ message: expect.stringContaining('“Attach document”') })
    expect(read).not.toHaveBeenCalled()
    expect(addBytes).not.toHaveBeenCalled()
  })
})
