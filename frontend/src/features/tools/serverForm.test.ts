import { describe, expect, it } from 'vitest'
import { blankForm, formOf, inputOf, secretWarning, type ServerForm } from './serverForm'
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

  it('warns when an argument or the URL looks like a secret, which would be stored as typed', () => {
    const stdio = (args: string[]): ServerForm => ({ ...blankForm(), command: 'npx', args: args.join('\n') })
    const http = (url: string): ServerForm => ({ ...blankForm(), transport: 'http', url })
    for (const f of [
      stdio(['-y', '@modelcontextprotocol/server-postgres', 'postgresql://app:hunter22@db.local/notes']),
      stdio(['server', '--api-key', 'abc123def']),
      stdio(['server', '--token=abc123def']),
      stdio(['server', 'sk-proj-0123456789abcdef']),
      http('https://mcp.example.com/mcp?api_key=abc123'),
      http('https://user:pw@mcp.example.com/mcp'),
      http('https://mcp.example.com/ghp_0123456789abcdefghij/sse'),
    ]) {
      expect(secretWarning(f), JSON.stringify(f.args || f.url)).not.toBe('')
    }
    for (const f of [
      stdio(['-y', '@modelcontextprotocol/server-filesystem', '/home/me/notes']),
      stdio(['server', '--token-file', '/home/me/.token']),
      stdio(['server', '--api-key', '--verbose']),
      stdio(['server', 'postgresql://db.local/notes']),
      stdio(['server', '--api-key', '${env:API_KEY}']),
      stdio(['server', 'postgresql://app:${env:PGPASSWORD}@db.local/notes']),
      http('https://mcp.example.com/mcp?page=2'),
      http('not a url'),
    ]) {
      expect(secretWarning(f), JSON.stringify(f.args || f.url)).toBe('')
    }
    expect(secretWarning(stdio(['--password', 'x1']))).toMatch(/environment variable below .* write \$\{env:NAME\}/)
    expect(secretWarning(http('https://x/mcp?token=t'))).toMatch(/header/)
  })
})
