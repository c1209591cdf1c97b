import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ThirdPartyNotices } from './ThirdPartyNotices'

describe('ThirdPartyNotices', () => {
  it('shows each licence when opened', async () => {
    render(<ThirdPartyNotices notices={[{ name: 'Princeton WordNet 3.1', text: 'WordNet Release 3.0 This software and database is being provided' }]} />)
    const summary = screen.getByText('Third-party notices')
    expect(screen.getByRole('region', { name: 'Princeton WordNet 3.1' })).not.toBeVisible()
    await userEvent.click(summary)
    expect(screen.getByRole('region', { name: 'Princeton WordNet 3.1' })).toBeVisible()
    expect(screen.getByText(/This software and database is being provided/)).toBeVisible()
  })

  it('shows nothing without notices', () => {
    const { container } = render(<ThirdPartyNotices notices={[]} />)
    expect(container).toBeEmptyDOMElement()
  })
})
