import { describe, expect, expectTypeOf, it } from 'vitest'
import type * as M from '../../wailsjs/go/models/API'
import type * as R from '../../wailsjs/go/rag/API'
import type { models } from '../../wailsjs/go/models'
import type { Profile, Template } from './types'
import { bytesToBase64, fileBytes, maxWebviewFile, wire, wireBytes } from './wire'

// Stand-ins with the bindings' exact parameter types: the calls below are
// typechecked as the api files' calls are, without reaching for window.go.
const saveProfile = (p: Parameters<typeof M.SaveProfile>[0]) => p
const addBytesArg = (b: Parameters<typeof R.AddBytes>[3]) => b

const profile: Profile = { id: 'p1', workspaceId: '', name: 'Precise', temperature: 0, reasoningEffort: '', systemPrompt: '', updatedAt: 1 }

describe('wire', () => {
  it('passes the plain value itself', () => {
    expect(saveProfile(wire(profile))).toBe(profile)
  })

  it('takes its type from the binding, and checks the value against it', () => {
    expectTypeOf(wire<models.Profile>).returns.toEqualTypeOf<models.Profile>()
    expectTypeOf(wire<models.Profile>).parameter(0).toExtend<Profile>()
    const template: Template = { id: 't1', workspaceId: '', name: 'T', body: 'x', variables: [], updatedAt: 1 }
    // These lines are never run for their value; the point is that typecheck rejects them.
    const rejected = () => [
      // @ts-expect-error a Template is not the Profile the binding takes
      saveProfile(wire(template)),
      // @ts-expect-error a field of the wrong type
      saveProfile(wire({ ...profile, name: 1 })),
      // @ts-expect-error a required field missing
      saveProfile(wire({ id: 'p1', workspaceId: '', name: 'x', updatedAt: 1 })),
    ]
    expect(rejected).toBeTypeOf('function')
  })
})

describe('wireBytes', () => {
  it('sends bytes as the base64 string Go decodes a []byte from', () => {
    const bytes = new TextEncoder().encode('héllo, wörld')
    const sent = addBytesArg(wireBytes(bytes))
    expect(sent).toBe(btoa(String.fromCharCode(...bytes)))
    expect(wireBytes(bytes.buffer as ArrayBuffer)).toBe(sent)
  })

  it('encodes large buffers (chunked) the same as small ones', () => {
    const big = new Uint8Array(0x8000 * 2 + 17).map((_, i) => i % 251)
    const decoded = Uint8Array.from(atob(bytesToBase64(big.buffer)), (c) => c.charCodeAt(0))
    expect(decoded).toEqual(big)
  })
})

describe('fileBytes', () => {
  it('sends a small file as base64', async () => {
    const f = new File([new Uint8Array([1, 2, 3])], 'a.json')
    expect(await fileBytes(f, 'Choose a file…')).toBe('AQID')
  })

  it('refuses a file too large for the bridge and names the native way', async () => {
    const big = { name: 'conversations.zip', size: maxWebviewFile + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as File
    await expect(fileBytes(big, 'Choose a file…')).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('use “Choose a file…”') })
  })
})
