import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor } from '@testing-library/react'
import { chatApi, type Attachment } from '@/api'
import { AttachmentThumb } from './AttachmentThumb'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const base: Attachment = { sha256: '', name: '', mime: '', size: 0, width: 0, height: 0, missing: true }

beforeEach(() => vi.clearAllMocks())

describe('AttachmentThumb', () => {
  it('names an imported file that is not an image as a file, and never loads it as one', () => {
    const first = render(<AttachmentThumb attachment={{ ...base, name: 'lease 2024.pdf', mime: 'application/pdf' }} />)
    expect(screen.getByTitle('The file was not included')).toHaveTextContent('lease 2024.pdf')
    first.unmount()
    render(<AttachmentThumb attachment={{ ...base, name: 'report.pdf', mime: 'application/pdf', sha256: 'ab'.repeat(32), missing: false }} />)
    expect(screen.getByTitle('The file was not included')).toHaveTextContent('report.pdf')
    expect(chatApi.attachment).not.toHaveBeenCalled()
  })

  it('notes a missing image and shows one it has', async () => {
    const first = render(<AttachmentThumb attachment={{ ...base, name: 'IMG_2051.jpeg', mime: 'image/jpeg' }} />)
    expect(screen.getByTitle('The image was not included')).toHaveTextContent('IMG_2051.jpeg')
    first.unmount()
    vi.mocked(chatApi.attachment).mockResolvedValue({ mime: 'image/png', data: 'iVBORw0KGgo=' })
    render(<AttachmentThumb attachment={{ ...base, name: 'flat.png', mime: 'image/png', sha256: 'cd'.repeat(32), missing: false }} />)
    await waitFor(() => expect(screen.getByAltText('flat.png')).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo='))
  })
})
