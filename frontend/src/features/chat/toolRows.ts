import type { Message } from '@/api'

/** A row of the message list: a message, and for a tool call the output that answers it. */
export interface Row {
  message: Message
  output?: Message
}

/**
 * toolRows folds each tool_output into the row of the tool_call it answers
 * (they share toolCallId), so a call and its result show as one card. In the
 * chat's tree the outputs follow all of a round's calls; an output whose call
 * is not loaded (an older page) or that has no id (some imports) keeps a row
 * of its own.
 */
export function toolRows(messages: Message[]): Row[] {
  const rows: Row[] = []
  const open = new Map<string, number>() // toolCallId → index of the call's row
  for (const m of messages) {
    const at = m.kind === 'tool_output' && m.toolCallId ? open.get(m.toolCallId) : undefined
    if (at !== undefined) {
      rows[at] = { ...rows[at], output: m }
      open.delete(m.toolCallId)
      continue
    }
    rows.push({ message: m })
    if (m.kind === 'tool_call' && m.toolCallId) open.set(m.toolCallId, rows.length - 1)
  }
  return rows
}

/** splitToolName reads "server__tool", the name a model calls a tool by (backend/tools modelName). */
export function splitToolName(name: string): { server: string; tool: string } {
  const i = name.indexOf('__')
  return i > 0 ? { server: name.slice(0, i), tool: name.slice(i + 2) } : { server: '', tool: name }
}
