import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { model } from './testApi'
import { ModelSelect } from './ModelSelect'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const local = model({ id: 'm1', providerName: 'Ollama', providerSlug: 'ollama', name: 'llama3.2:3b', ref: 'ollama:llama3.2:3b' })
const box = model({ id: 'm2', providerName: 'GPU box', providerSlug: 'gpu-box', name: 'llama3.2:3b', ref: 'ollama@gpu-box:llama3.2:3b' })

describe('ModelSelect', () => {
  it('offers the model of each of two providers that list it', async () => {
    const onChange = vi.fn()
    render(<ModelSelect aria-label="Model" models={[local, box]} value="ollama:llama3.2:3b" onChange={onChange} none="None" />)
    const select = screen.getByRole('combobox', { name: 'Model' })
    expect(screen.getAllByRole('option', { name: 'llama3.2:3b' })).toHaveLength(2)
    await userEvent.selectOptions(select, screen.getAllByRole('option', { name: 'llama3.2:3b' })[1])
    expect(onChange).toHaveBeenCalledWith('ollama@gpu-box:llama3.2:3b')
  })

  it('shows a ref naming a provider on that provider, also once its entry is plain', () => {
    const boxPlain = { ...box, ref: 'ollama:llama3.2:3b' }
    render(<ModelSelect aria-label="Model" models={[boxPlain]} value="ollama@gpu-box:llama3.2:3b" onChange={vi.fn()} none="None" />)
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('ollama:llama3.2:3b')
    expect(screen.queryByText(/not available/)).toBeNull()
  })
})
