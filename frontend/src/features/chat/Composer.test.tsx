import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { documentsApi, type Chat } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { Composer } from './Composer'
import { useChatStore } from './store'

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
  const view = render(<Composer {...props} />)
  return { props, view, box: screen.getByRole('textbox', { name: 'Message' }) }
}

// Drafts are kept across screens: each test starts with none.
beforeEach(() => useChatStore.setState({ drafts: {}, draftImages: {} }))

describe('Composer', () => {
  it('Enter sends, Shift+Enter adds a line', async () => {
    const { props, box } = setup()
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second')
    expect(props.onSend).not.toHaveBeenCalled()
    await userEvent.keyboard('{Enter}')
    expect(props.onSend).toHaveBeenCalledWith('first line\nsecond', [])
    expect(box).toHaveValue('')
  })

  it('does not send on the Enter that picks an input method candidate, also where WebKit has ended the composition', async () => {
    const { props, box } = setup()
    await userEvent.type(box, 'nihon')
    // Chromium and Firefox: the keydown comes while composing.
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true })
    // WebKit fires compositionend first: only keyCode 229 marks the key as the IME's.
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 })
    expect(props.onSend).not.toHaveBeenCalled()
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 })
    await waitFor(() => expect(props.onSend).toHaveBeenCalledWith('nihon', []))
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

  it('puts the cursor back in the box when Stop is clicked (the button goes with the answer)', async () => {
    const { props, view, box } = setup({ streamingId: 'm1' })
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(props.onStop).toHaveBeenCalledWith('m1')
    view.rerender(<Composer {...props} streamingId={null} />)
    expect(box).toHaveFocus()
  })

  it('Up in an empty box edits the last message', async () => {
    const { props, box } = setup()
    await userEvent.type(box, '{ArrowUp}')
    expect(props.onEditLast).toHaveBeenCalled()
  })

  it('Up edits nothing while an answer is being written (saving the edit would start a second one)', async () => {
    const { props, box } = setup({ streamingId: 'm1' })
    await userEvent.type(box, '{ArrowUp}')
    expect(props.onEditLast).not.toHaveBeenCalled()
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

  it('attaches a dropped document to the chat as a document, and keeps a dropped image as an image', async () => {
    useWorkspaceStore.setState({ currentId: 'w1' })
    useChatStore.setState({ currentId: 'c1', view: { chat: { id: 'c1' } } as never })
    vi.mocked(documentsApi.addFile).mockResolvedValue({ document: { name: 'spec.pdf', status: 'pending' }, duplicate: false } as never)
    const pdf = new File(['%PDF-1.7'], 'spec.pdf', { type: 'application/pdf' })
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'cat.png', { type: 'image/png' })
    setup({ droppedFiles: [pdf, png] })
    await waitFor(() => expect(documentsApi.addFile).toHaveBeenCalledWith('w1', 'c1', pdf, 'Attach document'))
    expect(documentsApi.addFile).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('button', { name: 'Remove cat.png' })).toBeInTheDocument()
  })

  it('shows a document being attached to this chat, with its Stop', async () => {
    useWorkspaceStore.setState({ currentId: 'w1' })
    let release: () => void = () => {}
    vi.mocked(documentsApi.addFile).mockClear()
    vi.mocked(documentsApi.addFile).mockImplementation(() => new Promise((resolve) => (release = () => resolve({ document: { name: 'spec.pdf', status: 'pending' }, duplicate: false } as never))))
    useChatStore.setState({ currentId: 'c1', view: { chat: { id: 'c1' } } as never })
    const pdf = new File(['%PDF-1.7'], 'spec.pdf', { type: 'application/pdf' })
    setup({ chat: { id: 'c1', params: {} } as never, droppedFiles: [pdf, new File(['%PDF-1.7 b'], 'b.pdf', { type: 'application/pdf' })] })
    const progress = await screen.findByTestId('add-progress')
    expect(progress).toHaveTextContent('Copying files in: 0 of 2 · spec.pdf')
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    act(() => release())
    await waitFor(() => expect(screen.queryByTestId('add-progress')).toBeNull())
    expect(documentsApi.addFile).toHaveBeenCalledTimes(1)
  })

  it('pastes an image as an image, and cells copied with a picture of themselves as their text', async () => {
    const { box } = setup()
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'image.png', { type: 'image/png' })
    const clip = (text: string) => ({ files: [png], getData: (t: string) => (t === 'text/plain' ? text : '') })
    // A spreadsheet's cells: the text pastes (the browser does it), no image is attached.
    expect(fireEvent.paste(box, { clipboardData: clip('a\tb\n1\t2') })).toBe(true)
    await act(async () => {})
    expect(screen.queryByRole('button', { name: 'Remove image.png' })).toBeNull()
    // A copied image alone is attached.
    expect(fireEvent.paste(box, { clipboardData: clip('') })).toBe(false)
    expect(await screen.findByRole('button', { name: 'Remove image.png' })).toBeInTheDocument()
  })

  it('writes right-to-left text right to left', () => {
    const { box } = setup()
    expect(box).toHaveAttribute('dir', 'auto')
  })

  it('keeps what was typed when the screen closes, and each chat its own', async () => {
    const c1 = { id: 'c1', params: {} } as Chat
    const { props, view, box } = setup({ chat: c1 })
    await userEvent.type(box, 'half a thought')
    // Another page, then back: the screen is drawn anew.
    view.unmount()
    const again = render(<Composer {...props} chat={c1} />)
    const box2 = screen.getByRole('textbox', { name: 'Message' })
    expect(box2).toHaveValue('half a thought')
    // Another chat starts empty and keeps its own text.
    again.rerender(<Composer {...props} chat={{ id: 'c2', params: {} } as Chat} />)
    expect(box2).toHaveValue('')
    await userEvent.type(box2, 'other')
    again.rerender(<Composer {...props} chat={c1} />)
    expect(box2).toHaveValue('half a thought')
    again.rerender(<Composer {...props} chat={{ id: 'c2', params: {} } as Chat} />)
    expect(box2).toHaveValue('other')
  })

  it('keeps images picked in one chat with that chat: another chat does not send them', async () => {
    const c1 = { id: 'c1', params: {} } as Chat
    const { props, view } = setup({ chat: c1 })
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'cat.png', { type: 'image/png' })
    await userEvent.upload(screen.getByTestId('image-input'), png)
    expect(await screen.findByRole('button', { name: 'Remove cat.png' })).toBeInTheDocument()
    view.rerender(<Composer {...props} chat={{ id: 'c2', params: {} } as Chat} />)
    expect(screen.queryByRole('button', { name: 'Remove cat.png' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    view.rerender(<Composer {...props} chat={c1} />)
    expect(screen.getByRole('button', { name: 'Remove cat.png' })).toBeInTheDocument()
    // And after another page, as the text is.
    view.unmount()
    render(<Composer {...props} chat={c1} />)
    expect(screen.getByRole('button', { name: 'Remove cat.png' })).toBeInTheDocument()
  })

  it('starts the next new chat empty after the first message of one kept across screens was sent', async () => {
    let sent: (ok: boolean) => void = () => {}
    const onSend = vi.fn(() => new Promise<boolean>((r) => (sent = r)))
    const first = setup({ onSend })
    await userEvent.type(first.box, 'first question')
    first.view.unmount() // another page, then back: the new chat's text comes back
    const { rerender } = render(<Composer {...first.props} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    expect(box).toHaveValue('first question')
    await userEvent.type(box, '{Enter}')
    rerender(<Composer {...first.props} chat={{ id: 'c9', params: {} } as Chat} />) // the chat was made
    await act(async () => sent(true))
    expect(box).toHaveValue('')
    rerender(<Composer {...first.props} chat={null} />) // New chat
    expect(box).toHaveValue('')
  })

  it('keeps the text of a new chat whose first message fails after the chat was made', async () => {
    let fail: (ok: boolean) => void = () => {}
    const onSend = vi.fn(() => new Promise<boolean>((r) => (fail = r)))
    const { props, view, box } = setup({ onSend })
    await userEvent.type(box, 'first question{Enter}')
    // The chat exists now (it has an id), then the send fails.
    view.rerender(<Composer {...props} chat={{ id: 'c9', params: {} } as Chat} />)
    await act(async () => fail(false))
    expect(box).toHaveValue('first question')
  })
})
