import { describe, expect, it } from 'vitest'
import { closeUnfinished, linkCitations, splitBlocks } from './blocks'

describe('splitBlocks', () => {
  it('splits at blank lines but never inside a code fence', () => {
    const md = 'Intro para.\n\n```go\nfunc a() {\n\n}\n```\n\nAfter.'
    expect(splitBlocks(md)).toEqual(['Intro para.', '```go\nfunc a() {\n\n}\n```', 'After.'])
  })
  it('keeps display math together', () => {
    expect(splitBlocks('a\n\n$$\nx\n\ny\n$$\n\nb')).toEqual(['a', '$$\nx\n\ny\n$$', 'b'])
  })
  it('treats tilde fences and longer closers', () => {
    expect(splitBlocks('~~~\none\n\ntwo\n~~~').length).toBe(1)
    expect(splitBlocks('````\n```\n\n```\n````\n\nz').length).toBe(2)
  })
})

describe('closeUnfinished', () => {
  it('closes a fence that is still streaming', () => {
    expect(closeUnfinished('Here:\n```python\nprint(1)')).toBe('Here:\n```python\nprint(1)\n```')
    expect(closeUnfinished('```\nx\n```\n')).toBe('```\nx\n```\n')
  })
  it('closes an open display math block', () => {
    expect(closeUnfinished('$$\na^2')).toBe('$$\na^2\n$$')
  })
  it('leaves finished text alone', () => {
    expect(closeUnfinished('plain **bold**')).toBe('plain **bold**')
  })
})

describe('linkCitations', () => {
  it('links [n] within range only', () => {
    expect(linkCitations('see [1] and [3], not [9]', 3)).toBe('see [\\[1\\]](#cite-1) and [\\[3\\]](#cite-3), not [9]')
    expect(linkCitations('a [link](x) [2](y)', 3)).toBe('a [link](x) [2](y)')
    expect(linkCitations('[1]', 0)).toBe('[1]')
  })

  it('links each number of grouped and ranged markers as its own citation', () => {
    const c = (n: number) => `[\\[${n}\\]](#cite-${n})`
    expect(linkCitations('a [1][2] b', 3)).toBe(`a ${c(1)}${c(2)} b`)
    expect(linkCitations('a [1, 2] b [1,3] c [2; 3]', 3)).toBe(`a ${c(1)}${c(2)} b ${c(1)}${c(3)} c ${c(2)}${c(3)}`)
    expect(linkCitations('a [1-3] b [2–3] c [1 — 2]', 3)).toBe(`a ${c(1)}${c(2)}${c(3)} b ${c(2)}${c(3)} c ${c(1)}${c(2)}`)
    expect(linkCitations('a [1, 3-4] b', 4)).toBe(`a ${c(1)}${c(3)}${c(4)} b`)
  })

  it('keeps out-of-range numbers and backward ranges as text', () => {
    const c = (n: number) => `[\\[${n}\\]](#cite-${n})`
    expect(linkCitations('a [2, 9] b', 3)).toBe(`a ${c(2)}\\[9\\] b`)
    expect(linkCitations('a [1, 2-5] b', 3)).toBe(`a ${c(1)}\\[2-5\\] b`)
    for (const plain of ['[7, 9]', '[2-5]', '[3-1]', '[0]', '[1, 2](x)', '[1,]', '[a, 1]']) {
      expect(linkCitations(`a ${plain} b`, 3)).toBe(`a ${plain} b`)
    }
  })

  it('leaves code as written: an index in a code span or fence is no source', () => {
    expect(linkCitations('use `xs[1]` as said [1]', 2)).toBe('use `xs[1]` as said [\\[1\\]](#cite-1)')
    expect(linkCitations('``a`[2]`` and `` ` ``[2]', 2)).toBe('``a`[2]`` and `` ` ``[\\[2\\]](#cite-2)')
    expect(linkCitations('a lone ` tick [1]', 1)).toBe('a lone ` tick [\\[1\\]](#cite-1)')
    const fenced = ['Per the spec [1]:', '```go', 'x := a[1] + a[2]', '```', 'and after it [2].'].join('\n')
    expect(linkCitations(fenced, 2).split('\n')).toEqual(['Per the spec [\\[1\\]](#cite-1):', '```go', 'x := a[1] + a[2]', '```', 'and after it [\\[2\\]](#cite-2).'])
    expect(linkCitations('see `m[1, 2]` and `r[1-2]` [1, 2]', 2)).toBe('see `m[1, 2]` and `r[1-2]` [\\[1\\]](#cite-1)[\\[2\\]](#cite-2)')
    expect(linkCitations('```\nm[1, 2] + m[1-2]\n```\n[1-2]', 2)).toBe('```\nm[1, 2] + m[1-2]\n```\n[\\[1\\]](#cite-1)[\\[2\\]](#cite-2)')
    expect(linkCitations('~~~\nm[1]\n```\nstill code [1]\n~~~\n[1]', 1)).toBe('~~~\nm[1]\n```\nstill code [1]\n~~~\n[\\[1\\]](#cite-1)')
  })
})
