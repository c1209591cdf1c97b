import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor } from '@testing-library/react'
import { modelsApi, type Chat, type ParamSupport } from '@/api'
import { ChatSettingsDialog } from './ChatSettingsDialog'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const yes = { supported: true }
const chat = {
  id: 'c1', workspaceId: 'w1', title: 'T', modelRef: 'anthropic:claude-opus-4-1', profileId: '', systemPrompt: '',
  params: { temperature: 0.3 },
} as unknown as Chat

beforeEach(() => {
  vi.clearAllMocks()
  vi.mocked(modelsApi.listProfiles).mockResolvedValue([])
})

describe('ChatSettingsDialog', () => {
  it("marks what the chat's model does not take, with the reason, and offers only its efforts", async () => {
    const support: ParamSupport = {
      temperature: { supported: false, note: 'not taken while extended thinking is on' },
      topP: yes, maxTokens: yes, contextLength: { supported: false, note: 'set by the provider' }, reasoningEffort: yes, think: yes,
      efforts: ['low', 'medium', 'high', 'max'],
    } as ParamSupport
    vi.mocked(modelsApi.paramSupport).mockResolvedValue(support)
    render(<ChatSettingsDialog chat={chat} open onOpenChange={() => {}} onSave={async () => {}} />)
    expect(modelsApi.paramSupport).toHaveBeenCalledWith('anthropic:claude-opus-4-1')
    const temp = await waitFor(() => {
      const el = document.querySelector('[data-param="temperature"]')
      expect(el).toHaveAttribute('data-applicable', 'false')
      return el as HTMLElement
    })
    expect(temp).toHaveTextContent('Not applicable')
    expect(temp).toHaveTextContent('Not taken while extended thinking is on.')
    expect(temp).toHaveTextContent('not sent to claude-opus-4-1') // the chat sets a temperature
    expect(document.querySelector('[data-param="topP"]')).toHaveAttribute('data-applicable', 'true')
    const effort = screen.getByLabelText('Reasoning effort') as HTMLSelectElement
    expect([...effort.options].map((o) => o.value)).toEqual(['', 'low', 'medium', 'high', 'max'])
  })
})
