import { create } from 'zustand'
import { documentsApi, EventNames, onEvent, type DocumentsAdding } from '@/api'
import { withAddJob, type AddJob } from './store'

/**
 * A chat's attach of files, shown in its composer while it runs, each
 * with its own Stop: the native picker's files the backend copies in
 * (documents:adding, stopped by CancelAdd), or files read in the webview
 * sent one by one (stopped between files).
 */
export interface ChatAttachJob extends AddJob {
  workspaceId: string
  chatId: string
  /** files read in the webview, sent from here: Stop ends the loop */
  local: boolean
}

interface ChatAttachState {
  jobs: ChatAttachJob[]
  /** local jobs the user stopped */
  stopped: string[]
}

export const useChatAttach = create<ChatAttachState>(() => ({ jobs: [], stopped: [] }))

const set = useChatAttach.setState
const update = (addId: string, fn: (j: ChatAttachJob) => ChatAttachJob) =>
  set((s) => ({ jobs: s.jobs.map((j) => (j.addId === addId ? fn(j) : j)) }))

/** stopAttach stops one attach: the backend's copy, or the loop sending webview files. */
export async function stopAttach(job: ChatAttachJob) {
  if (job.local) {
    set((s) => ({ stopped: [...s.stopped, job.addId] }))
    return
  }
  await documentsApi.cancelAdd(job.workspaceId, job.addId)
}

/**
 * trackPick shows the backend's adds to chatId while pick (the native
 * picker and its copy) runs; its jobs go when it returns, whatever events
 * were missed.
 */
export async function trackPick<T>(workspaceId: string, chatId: string, pick: () => Promise<T>): Promise<T> {
  const off = onEvent<DocumentsAdding>(EventNames.documentsAdding, (p) => {
    if (p.workspaceId !== workspaceId || p.chatId !== chatId) return
    set((s) => {
      const mine = s.jobs.filter((j) => !j.local && j.chatId === chatId)
      const others = s.jobs.filter((j) => !mine.includes(j))
      return { jobs: [...others, ...withAddJob(mine, p).map((j) => ({ ...j, workspaceId, chatId, local: false }))] }
    })
  })
  try {
    return await pick()
  } finally {
    off()
    set((s) => ({ jobs: s.jobs.filter((j) => j.local || j.chatId !== chatId) }))
  }
}

let seq = 0

/**
 * sendEach sends files one by one (send), shown as one job of chatId with
 * its progress; it returns how many were not sent because the user
 * stopped it (0 when it ran to the end).
 */
export async function sendEach(workspaceId: string, chatId: string, files: File[], send: (f: File) => Promise<void>): Promise<number> {
  const addId = `local-${++seq}`
  set((s) => ({ jobs: [...s.jobs, { addId, workspaceId, chatId, local: true, listing: false, done: 0, total: files.length, name: '' }] }))
  try {
    for (const [i, f] of files.entries()) {
      if (useChatAttach.getState().stopped.includes(addId)) return files.length - i
      update(addId, (j) => ({ ...j, done: i, name: f.name }))
      await send(f)
    }
    return 0
  } finally {
    set((s) => ({ jobs: s.jobs.filter((j) => j.addId !== addId), stopped: s.stopped.filter((id) => id !== addId) }))
  }
}
