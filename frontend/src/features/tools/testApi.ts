// Test helpers for the tools feature: the shared fake of '@/api' with real
// event names and a bus, so tests can emit tool:approval and data:changed.
//   vi.mock('@/api', async () => (await import('@/features/tools/testApi')).toolsFakeApiModule())
import { vi } from 'vitest'
import { fakeApiModule } from '@/test/fakeApi'
import type { ApprovalCard, Message, ToolServer, ToolServerStatus } from '@/api'

type Handler = (payload: unknown) => void
const handlers = new Map<string, Set<Handler>>()

export const bus = {
  emit(name: string, payload: unknown) {
    for (const h of handlers.get(name) ?? []) h(payload)
  },
  clear() {
    handlers.clear()
  },
}

export function toolsFakeApiModule() {
  return {
    ...fakeApiModule(),
    EventNames: {
      chatDelta: 'chat:delta',
      chatDone: 'chat:done',
      chatError: 'chat:error',
      dataChanged: 'data:changed',
      toolApproval: 'tool:approval',
      toolApprovalClosed: 'tool:approval-closed',
    },
    onEvent: vi.fn((name: string, h: Handler) => {
      const set = handlers.get(name) ?? new Set<Handler>()
      set.add(h)
      handlers.set(name, set)
      return () => set.delete(h)
    }),
  }
}

export function status(over: Partial<ToolServerStatus> = {}): ToolServerStatus {
  return { name: 'test', state: 'stopped', tools: 0, error: '', stderr: [], since: 1, nextRetry: 0, warnings: [], ...over }
}

export function server(over: Partial<ToolServer> = {}): ToolServer {
  return {
    id: 's1', name: 'test', transport: 'stdio', command: '/bin/mcptest', args: ['-mode', 'x'], dir: '', url: '', envNames: [], headerNames: [],
    initTimeoutMs: 0, callTimeoutMs: 0, enabled: true, modelPrefix: 'test', status: status(), createdAt: 1, updatedAt: 1, ...over,
  }
}

export function card(over: Partial<ApprovalCard> = {}): ApprovalCard {
  return {
    id: 'ap1', workspaceId: 'w1', chatId: 'c1', messageId: 'tc1', server: 'test', tool: 'echo', title: 'Echo', description: 'Returns its text.',
    arguments: '{"text":"hi"}', readOnly: true, destructive: false, expiresAt: Date.now() + 120_000, ...over,
  }
}

export function message(over: Partial<Message> = {}): Message {
  return {
    id: 'm1', chatId: 'c1', parentId: '', role: 'assistant', kind: 'text', toolName: '', toolServer: '', toolCallId: '', notes: [], content: '', thinking: '',
    modelRef: 'openai:fake-chat', tokensIn: 0, tokensOut: 0, tokensEstimated: false, status: 'complete', error: '', finishReason: '',
    ttftMs: 0, tokensPerSec: 0, trimmed: 0, citations: [], attachments: [], authorId: 'u', createdAt: 1, updatedAt: 1, siblingIds: [],
    ...over,
  }
}
