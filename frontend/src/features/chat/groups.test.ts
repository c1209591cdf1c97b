import { describe, expect, it } from 'vitest'
import type { Chat } from '@/api'
import { groupChats } from './groups'

const chat = (id: string, updatedAt: number, pinned = false) => ({ id, updatedAt, pinned }) as Chat

describe('groupChats', () => {
  it('groups by day relative to now, pinned first', () => {
    const now = new Date(2026, 10, 25, 15, 0, 0)
    const h = 60 * 60 * 1000
    const groups = groupChats(
      [
        chat('p', now.getTime() - 100 * 24 * h, true),
        chat('t', now.getTime() - h),
        chat('y', now.getTime() - 20 * h),
        chat('w', now.getTime() - 4 * 24 * h),
        chat('m', now.getTime() - 20 * 24 * h),
        chat('o', now.getTime() - 90 * 24 * h),
      ],
      now,
    )
    expect(groups.map((g) => [g.label, g.chats.map((c) => c.id).join()])).toEqual([
      ['Pinned', 'p'],
      ['Today', 't'],
      ['Yesterday', 'y'],
      ['Previous 7 days', 'w'],
      ['Previous 30 days', 'm'],
      ['Older', 'o'],
    ])
  })

  it('keeps the order of the list within a group', () => {
    const now = new Date(2026, 10, 25, 15, 0, 0)
    const chats = Array.from({ length: 500 }, (_, i) => chat(`c${i}`, now.getTime() - i * 1000, i % 7 === 0))
    const groups = groupChats(chats, now)
    expect(groups.map((g) => g.label)).toEqual(['Pinned', 'Today'])
    expect(groups[0].chats.map((c) => c.id)).toEqual(chats.filter((c) => c.pinned).map((c) => c.id))
    expect(groups[1].chats.map((c) => c.id)).toEqual(chats.filter((c) => !c.pinned).map((c) => c.id))
  })
})
