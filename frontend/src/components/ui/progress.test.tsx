import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import { Progress } from './progress'

describe('Progress', () => {
  it('announces a long job politely at each quarter, not at every step', () => {
    const { rerender } = render(<Progress value={3} label="Backup progress" announce />)
    expect(screen.getByRole('progressbar', { name: 'Backup progress' })).toHaveAttribute('aria-valuenow', '3')
    expect(screen.getByRole('status')).toHaveTextContent('Backup progress: 0%')
    rerender(<Progress value={49.9} label="Backup progress" announce />)
    expect(screen.getByRole('status')).toHaveTextContent('Backup progress: 25%')
    rerender(<Progress value={50} label="Backup progress" announce />)
    expect(screen.getByRole('status')).toHaveTextContent('Backup progress: 50%')
  })

  it('stays silent unless asked (a storage gauge is not a job)', () => {
    render(<Progress value={40} label="Storage" />)
    expect(screen.queryByRole('status')).toBeNull()
  })
})
