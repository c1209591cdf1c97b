import { describe, expect, it } from 'vitest'
import { findModel, parseRef } from './ref'

const m = (ref: string, providerSlug: string) => ({ ref, providerSlug })

describe('parseRef', () => {
  it('splits the preset, the provider it names and the model', () => {
    expect(parseRef('ollama@gpu-box:llama3.2:3b')).toEqual({ preset: 'ollama', via: 'gpu-box', model: 'llama3.2:3b' })
    expect(parseRef('ollama:nomic-embed-text@768')).toEqual({ preset: 'ollama', via: '', model: 'nomic-embed-text@768' })
    expect(parseRef('openai')).toBeNull()
    expect(parseRef('')).toBeNull()
  })
})

describe('findModel', () => {
  const local = m('ollama:llama3.2:3b', 'ollama')
  const box = m('ollama@gpu-box:llama3.2:3b', 'gpu-box')
  const other = m('ollama:qwen3:8b', 'gpu-box')

  it('tells two providers listing one model apart', () => {
    expect(findModel([local, box, other], 'ollama@gpu-box:llama3.2:3b')).toBe(box)
    expect(findModel([local, box, other], 'ollama:llama3.2:3b')).toBe(local)
  })

  it('finds the named provider when its entry turned plain (the first provider switched off)', () => {
    const boxPlain = m('ollama:llama3.2:3b', 'gpu-box')
    expect(findModel([boxPlain, other], 'ollama@gpu-box:llama3.2:3b')).toBe(boxPlain)
  })

  it('takes the plain entry for a provider this computer lacks, as the backend does', () => {
    expect(findModel([local, box], 'ollama@office:llama3.2:3b')).toBe(local)
    expect(findModel([box], 'ollama@office:llama3.2:3b')).toBeUndefined()
    expect(findModel([local], 'ollama:qwen3:8b')).toBeUndefined()
  })
})
