import { describe, expect, it } from 'vitest'
import { blankForm, formOf, inputOf } from './serverForm'
import { server } from './testApi'

describe('server form', () => {
  it('shows stored secrets by name only and sends them empty, which keeps them', () => {
    const f = formOf(server({ envNames: ['API_TOKEN'], initTimeoutMs: 30_000 }))
    expect(f.env).toEqual([{ name: 'API_TOKEN', value: '', stored: true }])
    expect(f.initTimeout).toBe('30')
    expect(f.args).toBe('-mode\nx')
    const input = inputOf({ ...f, env: [...f.env, { name: 'NEW', value: 'v', stored: false }] })
    expect(input).toMatchObject({ env: { API_TOKEN: '', NEW: 'v' }, headers: {}, initTimeoutMs: 30_000, callTimeoutMs: 0, args: ['-mode', 'x'] })
  })

  it('sends only what the transport uses', () => {
    const f = { ...formOf(server({ envNames: ['A'] })), transport: 'http' as const, url: 'https://x/mcp', headers: [{ name: 'Authorization', value: 'Bearer t', stored: false }] }
    expect(inputOf(f)).toMatchObject({ transport: 'http', command: '', args: [], env: {}, url: 'https://x/mcp', headers: { Authorization: 'Bearer t' } })
  })

  it('says what is missing or wrong', () => {
    expect(inputOf(blankForm())).toBe('Give the server a name.')
    expect(inputOf({ ...blankForm(), name: 'a' })).toBe('Give the command that starts the server.')
    expect(inputOf({ ...blankForm(), name: 'a', transport: 'sse' })).toBe("Give the server's URL.")
    expect(inputOf({ ...blankForm(), name: 'a', command: 'x', callTimeout: 'soon' })).toMatch(/seconds/)
    expect(inputOf({ ...blankForm(), name: 'a', command: 'x', env: [{ name: 'A', value: '', stored: false }, { name: 'A', value: '', stored: false }] })).toBe('A is listed twice.')
  })
})
