import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { model } from '@/features/models/testApi'
import { ModelPicker } from './ModelPicker'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

// A local Ollama and an office GPU box running Ollama both list llama3.2:3b.
const local = model({ id: 'm1', providerId: 'p1', providerName: 'Ollama', providerSlug: 'ollama', name: 'llama3.2:3b', displayName: '', ref: 'ollama:llama3.2:3b' })
const box = model({ id: 'm2', providerId: 'p2', providerName: 'GPU box', providerSlug: 'gpu-box', name: 'llama3.2:3b', displayName: '', ref: 'ollama@gpu-box:llama3.2:3b' })
const qwen = model({ id: 'm3', providerId: 'p2', providerName: 'GPU box', providerSlug: 'gpu-box', name: 'qwen3:8b', displayName: '', ref: 'ollama:qwen3:8b' })

describe('ModelPicker', () => {
  it('checks the entry of the provider the chat runs on, and says which', async () => {
    const onChange = vi.fn()
    render(<ModelPicker value="ollama@gpu-box:llama3.2:3b" models={[local, box, qwen]} onChange={onChange} />)
    const trigger = screen.getByRole('button', { name: 'Model' })
    expect(trigger).toHaveTextContent('llama3.2:3bGPU box')
    await userEvent.click(trigger)
    const items = await screen.findAllByRole('menuitemradio', { name: 'llama3.2:3b' })
    expect(items.map((i) => i.getAttribute('aria-checked'))).toEqual(['false', 'true'])
    await userEvent.click(items[0])
    expect(onChange).toHaveBeenCalledWith('ollama:llama3.2:3b')
  })

  it('names no provider for a model only one lists', () => {
    render(<ModelPicker value="ollama:qwen3:8b" models={[local, box, qwen]} onChange={vi.fn()} />)
    expect(screen.getByRole('button', { name: 'Model' })).toHaveTextContent(/^qwen3:8b$/)
  })

  it("shows a chat from another device on the entry its ref runs on here", async () => {
    render(<ModelPicker value="ollama@office:llama3.2:3b" models={[local, box]} onChange={vi.fn()} />)
    await userEvent.click(screen.getByRole('button', { name: 'Model' }))
    const items = await screen.findAllByRole('menuitemradio', { name: 'llama3.2:3b' })
    expect(items.map((i) => i.getAttribute('aria-checked'))).toEqual(['true', 'false'])
  })
})
