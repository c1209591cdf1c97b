import type { ChatImport } from '@/api'

/** How often at most a running import refreshes the chat list. */
export const IMPORT_REFRESH_MS = 2000

/**
 * importRefresher turns chat import progress into list refreshes: one when
 * more chats are committed, at most every `every` ms. A growth inside the
 * interval is not dropped: it refreshes when the interval ends.
 */
export function importRefresher(refresh: (workspaceId: string) => void, every = IMPORT_REFRESH_MS) {
  let seen = 0 // chats committed at the last progress
  let last = -Infinity // when the list was last refreshed
  let timer: ReturnType<typeof setTimeout> | undefined
  let workspaceId = ''
  const fire = () => {
    timer = undefined
    last = Date.now()
    refresh(workspaceId)
  }
  return {
    progress(p: ChatImport) {
      if (p.stage !== 'importing') {
        seen = 0 // a new import checks its file first
        return
      }
      if (p.chats <= seen) return
      seen = p.chats
      workspaceId = p.workspaceId
      if (timer) return
      const wait = last + every - Date.now()
      if (wait <= 0) fire()
      else timer = setTimeout(fire, wait)
    },
    stop() {
      clearTimeout(timer)
    },
  }
}
