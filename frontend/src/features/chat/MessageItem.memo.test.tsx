import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import type { Message } from '@/api'
import type { MarkdownProps } from '@/components/markdown/Markdown'
import { MessageItem } from './MessageItem'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

// Markdown keeps each parsed block while its text, citations and onCite stay
// the same: record what it is given.
const got = vi.hoisted(() => ({ props: [] as MarkdownProps[] }))
vi.mock('@/components/markdown/Markdown', () => {
  function Markdown(p: MarkdownProps) {
    got.props.push(p)
    return <div>{p.text}</div>
  }
  return { default: Markdown, Markdown }
})

const answer = {
  id: 'a1', chatId: 'c', parentId: 'u1', role: 'assistant', kind: 'text', toolName: '', toolServer: '', toolCallId: '', content: 'An answer [1]', thinking: '',
  modelRef: 'openai:gpt-test', tokensIn: 1, tokensOut: 1, tokensEstimated: false, status: 'complete', error: '', finishReason: 'stop',
  ttftMs: 0, tokensPerSec: 0, trimmed: 0, attachments: [], authorId: 'u', createdAt: 1, updatedAt: 1, siblingIds: ['a1'],
  citations: [{ n: 1, documentId: 'd', documentName: 'doc.pdf', chunkId: 'k', page: 1, text: 't', cited: true }],
} as unknown as Message

describe('MessageItem', () => {
  it('gives the markdown the same props when only the actions around it change, so it is not parsed again', async () => {
    const onCite = vi.fn()
    const props = { message: answer, onEdit: vi.fn(async () => true), onSwitch: vi.fn(), onDelete: vi.fn(), onCite, editing: false, setEditing: vi.fn() }
    const { rerender } = render(<MessageItem {...props} onRegenerate={vi.fn()} />)
    await screen.findByText('An answer [1]')
    rerender(<MessageItem {...props} onRegenerate={vi.fn()} />)
    rerender(<MessageItem {...props} setEditing={vi.fn()} onRegenerate={vi.fn()} />)
    expect(got.props.length).toBeGreaterThanOrEqual(2)
    const first = got.props[0]
    for (const p of got.props) {
      expect(p.text).toBe(first.text)
      expect(p.citations).toBe(1)
      expect(p.onCite).toBe(first.onCite)
    }
    // The citation chips still reach the screen with their message.
    first.onCite?.(1)
    expect(onCite).toHaveBeenCalledWith(answer, 1)
  })
})
