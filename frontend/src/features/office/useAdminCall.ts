import { useCallback, useState } from 'react'
import { errorMessage, toApiError } from '@/api'
import { useOffice } from './store'

/**
 * useAdminCall runs admin calls with one error line per tab; a call the
 * server refused as unauthorized ends the session (back to sign-in).
 */
export function useAdminCall() {
  const [error, setError] = useState('')
  const ended = useOffice((s) => s.ended)
  const run = useCallback(
    async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
      try {
        const v = await f()
        setError('')
        return v
      } catch (e) {
        if (toApiError(e).code === 'unauthorized') ended(errorMessage(e))
        else setError(errorMessage(e))
        return undefined
      }
    },
    [ended],
  )
  return { error, setError, run }
}
