import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Composer } from './Composer'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

function setup(over: Partial<React.ComponentProps<typeof Composer>> = {}) {
  const props = {
    streamingId: null,
    visionOK: true,
    modelName: 'fake',
    onSend: vi.fn(async () => true),
    onStop: vi.fn(),
    onEditLast: vi.fn(),
    droppedFiles: [],
    onDroppedHandled: vi.fn(),
    ...over,
  }
  render(<Composer {...props} />)
  return { props, box: screen.getByRole('textbox', { name: 'Message' }) }
}

describe('Composer', () => {
  it('Enter sends, Shift+Enter adds a line', async () => {
    const { props, box } = setup()
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second')
    expect(props.onSend).not.toHaveBeenCalled()
    await userEvent.keyboard('{Enter}')
    expect(props.onSend).toHaveBeenCalledWith('first line\nsecond', [])
    expect(box).toHaveValue('')
  })

  it('keeps the text when sending fails', async () => {
    const { props, box } = setup({ onSend: vi.fn(async () => false) })
    await userEvent.type(box, 'keep me{Enter}')
    expect(props.onSend).toHaveBeenCalled()
    expect(box).toHaveValue('keep me')
  })

  it('Esc stops a running answer and the button stops too', async () => {
    const { props, box } = setup({ streamingId: 'm1' })
    await userEvent.type(box, '{Escape}')
    expect(props.onStop).toHaveBeenCalledWith('m1')
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(props.onStop).toHaveBeenCalledTimes(2)
  })

  it('Up in an empty box edits the last message', async () => {
    const { props, box } = setup()
    await userEvent.type(box, '{ArrowUp}')
    expect(props.onEditLast).toHaveBeenCalled()
  })

  it('refuses images for a model without vision before sending', async () => {
    const { props } = setup({ visionOK: false, modelName: 'Text Only' })
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'cat.png', { type: 'image/png' })
    await userEvent.upload(screen.getByTestId('image-input'), png)
    expect(await screen.findByRole('alert')).toHaveTextContent('Text Only cannot see images')
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    await userEvent.click(screen.getByRole('button', { name: 'Remove cat.png' }))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(props.onSend).not.toHaveBeenCalled()
  })
})
