import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Markdown } from './Markdown'

describe('Markdown', () => {
  it('renders GFM tables, code and math', () => {
    const { container } = render(
      <Markdown text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst x = 1\n```\n\nInline $x^2$ math.'} />,
    )
    expect(container.querySelector('table')).not.toBeNull()
    expect(container.querySelector('pre code')?.textContent).toContain('const x = 1')
    expect(container.querySelector('.katex')).not.toBeNull()
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeInTheDocument()
  })

  it('highlights code by its language on every render, and leaves unknown languages as plain text', () => {
    // The highlighter is built once and shared by every render.
    for (const lang of ['go', 'python']) {
      const { container, unmount } = render(<Markdown text={'```' + lang + '\nreturn 1\n```'} />)
      expect(container.querySelector('pre code.hljs .hljs-keyword')?.textContent).toBe('return')
      unmount()
    }
    const { container } = render(<Markdown text={'```nosuchlang\nreturn 1\n```'} />)
    expect(container.querySelector('pre code')?.textContent).toContain('return 1')
    expect(container.querySelector('pre code .hljs-keyword')).toBeNull()
  })

  it('keeps an unfinished code fence inside a code block while streaming', () => {
    const { container } = render(<Markdown streaming text={'Here is code:\n\n```python\ndef f():\n    return 1\n\nprint(f())'} />)
    const pre = container.querySelector('pre')
    expect(pre?.textContent).toContain('print(f())')
    // The text after the open fence did not spill out as paragraphs.
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['Here is code:'])
  })

  it('turns citation markers into chips that open their source', async () => {
    const onCite = vi.fn()
    render(<Markdown text="The licence says so [2]." citations={2} onCite={onCite} />)
    await userEvent.click(screen.getByRole('button', { name: 'Source 2' }))
    expect(onCite).toHaveBeenCalledWith(2)
  })

  it('shows each number of grouped and ranged markers as its own chip', async () => {
    const onCite = vi.fn()
    const text = 'Grouped [1, 2], adjacent [2][3], ranged [1–3], beyond [3, 9] and [7, 8].'
    const { container } = render(<Markdown text={text} citations={3} onCite={onCite} />)
    const chips = screen.getAllByRole('button', { name: /^Source/ }).map((b) => b.textContent)
    expect(chips).toEqual(['1', '2', '2', '3', '1', '2', '3', '3'])
    // Only chips and punctuation stand where the markers were; numbers beyond the sources read as written.
    expect(container.querySelector('p')?.textContent).toBe('Grouped 12, adjacent 23, ranged 123, beyond 3[9] and [7, 8].')
    await userEvent.click(screen.getAllByRole('button', { name: 'Source 3' })[0])
    expect(onCite).toHaveBeenCalledWith(3)
  })

  it('shows code that indexes with [1] as written in an answer with sources', () => {
    const text = 'Slices index from zero [1], so `s[1]` is the second:\n\n```go\nfmt.Println(s[1], s[2], m[1, 2], r[1-2])\n```\n\nSee `m[1, 2]`.'
    const { container } = render(<Markdown text={text} citations={2} />)
    expect(container.querySelector('pre')?.textContent).toContain('fmt.Println(s[1], s[2], m[1, 2], r[1-2])')
    expect([...container.querySelectorAll('p code')].map((c) => c.textContent)).toEqual(['s[1]', 'm[1, 2]'])
    expect(screen.getAllByRole('button', { name: /^Source/ })).toHaveLength(1)
  })
})
