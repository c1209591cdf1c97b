// Test helpers for the Models page: the shared fake of '@/api' plus real
// event names and an event bus, so tests can emit model:pull and data:changed.
//   vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())
import { vi } from 'vitest'
import { fakeApiModule } from '@/test/fakeApi'
import type { Model, Preset, Provider } from '@/api/types'

type Handler = (payload: unknown) => void
const handlers = new Map<string, Set<Handler>>()

export const bus = {
  emit(name: string, payload: unknown) {
    for (const h of handlers.get(name) ?? []) h(payload)
  },
  count(name: string) {
    return handlers.get(name)?.size ?? 0
  },
  clear() {
    handlers.clear()
  },
}

export function modelsFakeApiModule() {
  return {
    ...fakeApiModule(),
    EventNames: {
      chatDelta: 'chat:delta',
      chatDone: 'chat:done',
      chatError: 'chat:error',
      documentProgress: 'document:progress',
      documentStatus: 'document:status',
      dataChanged: 'data:changed',
      syncStatus: 'sync:status',
      modelPull: 'model:pull',
    },
    onEvent: vi.fn((name: string, h: Handler) => {
      const set = handlers.get(name) ?? new Set<Handler>()
      set.add(h)
      handlers.set(name, set)
      return () => set.delete(h)
    }),
  }
}

export const presets: Preset[] = [
  { id: 'openai', displayName: 'OpenAI', kind: 'openai', baseUrl: 'https://api.openai.com/v1', keyEnv: 'OPENAI_API_KEY', keyRequired: true, local: false, keyUrl: 'https://platform.openai.com/api-keys' },
  { id: 'anthropic', displayName: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', keyEnv: 'ANTHROPIC_API_KEY', keyRequired: true, local: false, keyUrl: 'https://console.anthropic.com/settings/keys' },
  { id: 'lmstudio', displayName: 'LM Studio', kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', keyEnv: 'LMSTUDIO_API_KEY', keyRequired: false, local: true, keyUrl: '' },
  { id: 'custom', displayName: 'Custom OpenAI-compatible', kind: 'openai', baseUrl: '', keyEnv: 'OPENAI_COMPATIBLE_API_KEY', keyRequired: false, local: false, keyUrl: '' },
  { id: 'ollama', displayName: 'Ollama', kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', keyEnv: 'OLLAMA_API_KEY', keyRequired: false, local: true, keyUrl: '' },
]

export function provider(over: Partial<Provider> = {}): Provider {
  return {
    id: 'p1',
    kind: 'openai',
    preset: 'openai',
    name: 'OpenAI',
    slug: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    keyEnv: 'OPENAI_API_KEY',
    enabled: true,
    key: { source: 'keychain', hint: '…WXYZ' },
    modelCount: 0,
    keyRequired: true,
    local: false,
    createdAt: 1,
    updatedAt: 1,
    ...over,
  }
}

export function model(over: Partial<Model> = {}): Model {
  const name = over.name ?? 'gpt-4o-mini'
  return {
    id: `m-${name}`,
    providerId: 'p1',
    providerName: 'OpenAI',
    providerSlug: 'openai',
    name,
    ref: `openai:${name}`,
    displayName: name,
    vision: false,
    thinking: false,
    tools: false,
    embedding: false,
    contextLength: 0,
    window: 0,
    dimensions: 0,
    enabled: true,
    ...over,
  }
}
