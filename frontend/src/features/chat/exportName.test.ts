import { describe, expect, it } from 'vitest'
import { exportFileName } from './exportName'

describe('exportFileName', () => {
  it('keeps whole characters and drops what file systems refuse', () => {
    const name = exportFileName('a'.repeat(79) + '🌴🌴', 'markdown')
    expect(name).toBe('a'.repeat(79) + '🌴.md')
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/) // no lone half of an emoji
    expect(exportFileName('Zoë: a/b\\c? "x" <y>|\tz', 'json')).toBe('Zoë a b c x y z.json')
    expect(exportFileName(' /// ', 'json')).toBe('chat.json')
    expect(exportFileName('a\u0000b\u001fc\u007fd', 'json')).toBe('a b c d.json') // control characters
  })
})
