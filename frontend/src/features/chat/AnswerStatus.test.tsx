import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import { AnswerStatus } from './AnswerStatus'

describe('AnswerStatus', () => {
  it('says once that an answer is being written and once that it ended, and keeps saying it after the stream is cleared', () => {
    const { rerender } = render(<AnswerStatus messageId={null} />)
    const region = screen.getByRole('status')
    expect(region).toHaveTextContent('')
    rerender(<AnswerStatus messageId="a1" status="streaming" />)
    expect(region).toHaveTextContent('Writing the answer…')
    rerender(<AnswerStatus messageId="a1" status="done" />)
    expect(region).toHaveTextContent('Answer finished')
    rerender(<AnswerStatus messageId="a1" />) // cleared: the saved answer shows
    expect(region).toHaveTextContent('Answer finished')
    rerender(<AnswerStatus messageId="a2" status="streaming" />)
    rerender(<AnswerStatus messageId="a2" status="stopped" />)
    expect(region).toHaveTextContent('Answer stopped')
  })
})
