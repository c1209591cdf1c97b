import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import { workspacesApi } from '@/api'
import { Overview } from './Overview'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

describe('Overview', () => {
  it('counts answers given through the local API with the chats\' and says how many', async () => {
    vi.mocked(workspacesApi.overview).mockResolvedValueOnce({
      workspaceId: 'w1', chats: 1, messages: 2, documents: 0, chunks: 0, storageBytes: 0, since: 0, daily: [],
      usage: [
        { modelRef: 'openai:gpt-4o', input: 1200, output: 300, answers: 5, apiRequests: 2 },
        { modelRef: 'ollama:llama3', input: 100, output: 20, answers: 1, apiRequests: 0 },
      ],
    })
    render(<Overview workspaceId="w1" />)
    expect(await screen.findByText(/5 answers \(2 through the local API\)/)).toBeInTheDocument()
    expect(screen.getByText(/1 answer$/)).toBeInTheDocument()
  })
})
