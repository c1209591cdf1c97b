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

  it('never names a hidden file or a Windows device', () => {
    expect(exportFileName('.env settings', 'markdown')).toBe('env settings.md')
    expect(exportFileName('...', 'json')).toBe('chat.json')
    expect(exportFileName('Why?', 'markdown')).toBe('Why.md')
    expect(exportFileName('Wait...', 'markdown')).toBe('Wait.md')
    expect(exportFileName('CON', 'markdown')).toBe('CON chat.md')
    expect(exportFileName('nul', 'json')).toBe('nul chat.json')
    expect(exportFileName('com1.backup', 'json')).toBe('com1.backup chat.json')
    expect(exportFileName('LPT¹', 'json')).toBe('LPT¹ chat.json')
    expect(exportFileName('Console tips', 'json')).toBe('Console tips.json') // a word that starts like one is fine
  })
})
