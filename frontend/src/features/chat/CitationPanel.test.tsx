import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Citation } from '@/api'
import { CitationPanel } from './CitationPanel'

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
})
