import { describe, expect, it } from 'vitest'
import { isOff, setServerOff, setToolOff } from './toolsOff'

describe('toolsOff', () => {
  it('switches single tools off and on', () => {
    let off = setToolOff([], 'fs', 'read', ['read', 'write'], true)
    expect(off).toEqual(['fs/read'])
    expect(isOff(off, 'fs', 'read')).toBe(true)
    expect(isOff(off, 'fs', 'write')).toBe(false)
    off = setToolOff(off, 'fs', 'read', ['read', 'write'], false)
    expect(off).toEqual([])
  })

  it('switches a whole server, and one of its tools back on', () => {
    let off = setServerOff(['fs/read', 'web/get'], 'fs', true)
    expect(off).toEqual(['web/get', 'fs'])
    expect(isOff(off, 'fs', 'write')).toBe(true)
    off = setToolOff(off, 'fs', 'write', ['read', 'write', 'list'], false)
    expect(off).toEqual(['web/get', 'fs/read', 'fs/list'])
    expect(setServerOff(off, 'fs', false)).toEqual(['web/get'])
  })
})
