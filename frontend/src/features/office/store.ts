import { create } from 'zustand'
import { errorMessage, officeApi, type AdminSession, type AdminSignInInput } from '@/api'

const none: AdminSession = { signedIn: false, serverUrl: '', account: { id: '', email: '', displayName: '' } }

interface OfficeSlice {
  session: AdminSession
  loaded: boolean
  error: string
  load: () => Promise<void>
  signIn: (input: AdminSignInInput) => Promise<boolean>
  signOut: () => Promise<void>
  /** ended marks the session over after a call the server refused (the Go side has dropped it too). */
  ended: (message: string) => void
}

/** The office slice: the admin session with an office server, held by the Go side in memory. */
export const useOffice = create<OfficeSlice>()((set) => ({
  session: none,
  loaded: false,
  error: '',
  load: async () => {
    try {
      set({ session: await officeApi.session(), loaded: true })
    } catch (e) {
      set({ error: errorMessage(e), loaded: true })
    }
  },
  signIn: async (input) => {
    try {
      set({ session: await officeApi.signIn(input), error: '' })
      return true
    } catch (e) {
      set({ error: errorMessage(e) })
      return false
    }
  },
  signOut: async () => {
    await officeApi.signOut().catch(() => {})
    set({ session: none, error: '' })
  },
  ended: (message) => set({ session: none, error: message }),
}))
