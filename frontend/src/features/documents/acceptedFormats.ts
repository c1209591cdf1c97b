import { useEffect } from 'react'
import { create } from 'zustand'
import { documentsApi, type FileFormat } from '@/api'

interface AcceptedFormatsState {
  /** the backend's accepted formats; empty until loaded */
  formats: FileFormat[]
  pending: Promise<FileFormat[]> | null
  /** load asks the backend once (again after a failure) and resolves to the list. */
  load: () => Promise<FileFormat[]>
}

/** The document formats the backend ingests: the one list (backend/rag/extract.Formats), asked once per session. */
export const useAcceptedFormatsStore = create<AcceptedFormatsState>((set, get) => ({
  formats: [],
  pending: null,
  load: () => {
    const s = get()
    if (s.formats.length > 0) return Promise.resolve(s.formats)
    if (s.pending) return s.pending
    const pending = documentsApi.acceptedFormats().then(
      (formats) => {
        set({ formats, pending: null })
        return formats
      },
      (e: unknown) => {
        set({ pending: null })
        throw e
      },
    )
    set({ pending })
    return pending
  },
}))

/** useAcceptedFormats gives the accepted formats, loading them on first use (empty meanwhile). */
export function useAcceptedFormats(): FileFormat[] {
  const formats = useAcceptedFormatsStore((s) => s.formats)
  useEffect(() => {
    // A failure leaves the list empty: inputs accept anything and the backend refuses with its reason.
    useAcceptedFormatsStore.getState().load().catch(() => {})
  }, [])
  return formats
}
