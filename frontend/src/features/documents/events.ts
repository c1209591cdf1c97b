import { useEffect } from 'react'
import { EventNames, onEvent, type DataChanged, type DocumentProgress, type DocumentStatus, type DocumentsAdding, type FilesDropped } from '@/api'
import { isKnown } from './reducer'
import { useDocumentsStore, withAddJob } from './store'

/**
 * useDocumentEvents feeds document events into the Documents store while the
 * page is mounted: progress and status per document, refetches on
 * data:changed, and files dropped on the desktop window (by path).
 */
export function useDocumentEvents() {
  useEffect(() => {
    const s = useDocumentsStore.getState
    let listTimer: ReturnType<typeof setTimeout> | undefined
    let statusTimer: ReturnType<typeof setTimeout> | undefined
    // Bursts of events (a folder of 200 files) refetch once.
    const reloadSoon = () => {
      clearTimeout(listTimer)
      listTimer = setTimeout(() => void s().reload(), 200)
    }
    const statusSoon = (ms = 300) => {
      if (statusTimer) return
      statusTimer = setTimeout(() => {
        statusTimer = undefined
        void s().refreshStatus()
      }, ms)
    }
    const mine = (ws: string) => !ws || ws === s().workspaceId
    const offs = [
      onEvent<DocumentProgress>(EventNames.documentProgress, (p) => {
        if (!mine(p.workspaceId)) return
        s().dispatch({ type: 'progress', payload: p })
        if (p.stage === 'embedding') {
          useDocumentsStore.setState({ embeddingAt: Date.now() })
          statusSoon(1000) // re-embed progress lives in the status line
        }
      }),
      onEvent<DocumentStatus>(EventNames.documentStatus, (p) => {
        if (!mine(p.workspaceId)) return
        const known = isKnown(s(), p.documentId)
        s().dispatch({ type: 'status', payload: p })
        // Pages, format and warnings are not in the event.
        if (known && p.status === 'completed') void s().refreshDoc(p.documentId)
        if (!known && p.status !== 'deleted') reloadSoon()
        statusSoon()
      }),
      onEvent<DataChanged>(EventNames.dataChanged, (p) => {
        if (!mine(p.workspaceId)) return
        if (p.tables.includes('documents')) {
          reloadSoon()
          statusSoon()
        } else if (p.tables.includes('workspace_settings') || p.tables.includes('workspaces')) {
          statusSoon() // the embedding model may have changed
        }
      }),
      // The backend listing and copying dropped or picked files in, each
      // add its own (the workspace's own list; a chat's attachments are
      // reported in the chat's composer).
      onEvent<DocumentsAdding>(EventNames.documentsAdding, (p) => {
        if (p.workspaceId !== s().workspaceId || p.chatId) return
        useDocumentsStore.setState((st) => ({ copying: withAddJob(st.copying, p) }))
      }),
      onEvent<FilesDropped>(EventNames.filesDropped, (p) => {
        if (p.paths?.length) void s().addPaths(p.paths)
      }),
    ]
    return () => {
      clearTimeout(listTimer)
      clearTimeout(statusTimer)
      offs.forEach((off) => off())
    }
  }, [])
}
