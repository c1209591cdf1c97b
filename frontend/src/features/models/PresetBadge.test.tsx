import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { PresetBadge } from './PresetBadge'

const known = [
  ['openai', 'OpenAI'],
  ['anthropic', 'Anthropic'],
  ['xai', 'xAI Grok'],
  ['openrouter', 'OpenRouter'],
  ['groq', 'Groq'],
  ['mistral', 'Mistral'],
  ['deepseek', 'DeepSeek'],
  ['gemini', 'Google Gemini'],
  ['lmstudio', 'LM Studio'],
  ['vllm', 'vLLM'],
  ['llamacpp', 'llama.cpp server'],
  ['custom', 'Custom OpenAI-compatible'],
  ['ollama', 'Ollama'],
]

describe('PresetBadge', () => {
  it('gives every known kind its own monogram (side by side in the add dialog they must differ)', () => {
    const marks = known.map(([preset, name]) => render(<PresetBadge preset={preset} name={name} />).container.textContent)
    expect(new Set(marks).size).toBe(known.length)
    expect(marks).not.toContain('')
  })

  it('falls back to the initials of an unknown kind', () => {
    const { container } = render(<PresetBadge preset="future" name="Some Cloud" />)
    expect(container).toHaveTextContent('SC')
  })
})
