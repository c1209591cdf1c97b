import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, type Citation } from '@/api'
import { CitationPanel } from './CitationPanel'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const citation = { n: 2, documentId: 'd', documentName: 'licence.pdf', chunkId: 1, page: 3, text: 'The licence says so.', score: 0.5, cited: true } satisfies Citation

function Chip() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Source 2
      </button>
      {open && <CitationPanel citation={citation} onClose={() => setOpen(false)} />}
    </>
  )
}

describe('CitationPanel', () => {
  it('takes the keyboard to the source opened, closes on Esc and gives it back to the chip', async () => {
    render(<Chip />)
    await userEvent.click(screen.getByRole('button', { name: 'Source 2' }))
    expect(screen.getByRole('complementary', { name: 'Source' })).toHaveTextContent('The licence says so.')
    expect(screen.getByRole('button', { name: 'Close source' })).toHaveFocus()
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('complementary', { name: 'Source' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Source 2' })).toHaveFocus()
  })

  it('opens a cited web page (an imported answer) in the browser, not as a file', async () => {
    const onOpenFile = vi.fn()
    const web = { ...citation, documentId: '', documentName: 'Pelicans - Wikipedia', url: 'https://en.wikipedia.org/wiki/Pelican' }
    const { unmount } = render(<CitationPanel citation={web} onClose={() => {}} onOpenFile={onOpenFile} />)
    expect(screen.getByText('https://en.wikipedia.org/wiki/Pelican')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Open file' })).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Open page' }))
    expect(appApi.openLink).toHaveBeenCalledWith('https://en.wikipedia.org/wiki/Pelican')
    unmount()
    // A document's source opens its file.
    render(<CitationPanel citation={citation} onClose={() => {}} onOpenFile={onOpenFile} />)
    await userEvent.click(screen.getByRole('button', { name: 'Open file' }))
    expect(onOpenFile).toHaveBeenCalledWith(citation)
  })
})
