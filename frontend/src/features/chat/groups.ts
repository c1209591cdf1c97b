import type { Chat } from '@/api'

export interface ChatGroup {
  label: string
  chats: Chat[]
}

const DAY = 24 * 60 * 60 * 1000

/** groupChats puts pinned chats first, then groups the rest by last activity. */
export function groupChats(chats: Chat[], now: Date = new Date()): ChatGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  const order = ['Pinned', 'Today', 'Yesterday', 'Previous 7 days', 'Previous 30 days', 'Older']
  const groups = new Map<string, Chat[]>()
  for (const c of chats) {
    const t = c.updatedAt
    const label = c.pinned
      ? 'Pinned'
      : t >= startOfToday
        ? 'Today'
        : t >= startOfToday - DAY
          ? 'Yesterday'
          : t >= startOfToday - 7 * DAY
            ? 'Previous 7 days'
            : t >= startOfToday - 30 * DAY
              ? 'Previous 30 days'
              : 'Older'
    const g = groups.get(label)
    if (g) g.push(c)
    else groups.set(label, [c])
  }
  return order.filter((l) => groups.has(l)).map((label) => ({ label, chats: groups.get(label)! }))
}
