import { useCallback, useEffect, useState } from 'react'
import { errorMessage, localApi, type LocalApiConfig, type LocalApiRequest, type LocalApiStatus, type LocalApiToken } from '@/api'

/** REQUESTS_PAGE is how many requests the card shows at once. */
export const REQUESTS_PAGE = 20

/** useLocalApi loads the server's status, tokens and recent requests, and changes them. */
export function useLocalApi() {
  const [status, setStatus] = useState<LocalApiStatus | null>(null)
  const [tokens, setTokens] = useState<LocalApiToken[]>([])
  const [requests, setRequests] = useState<LocalApiRequest[]>([])
  const [requestsTotal, setRequestsTotal] = useState(0)
  const [requestsPage, setRequestsPage] = useState(0)
  const [error, setError] = useState('')

  const guard = useCallback(async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      const v = await f()
      setError('')
      return v
    } catch (e) {
      setError(errorMessage(e))
      return undefined
    }
  }, [])

  const reloadTokens = useCallback(() => guard(async () => setTokens(await localApi.listTokens())), [guard])
  // The requests are paged on the server: the table grows with every call.
  const reloadRequests = useCallback(
    () =>
      guard(async () => {
        const page = await localApi.recentRequests(requestsPage * REQUESTS_PAGE, REQUESTS_PAGE)
        setRequests(page.items)
        setRequestsTotal(page.total)
      }),
    [guard, requestsPage],
  )

  useEffect(() => {
    void guard(async () => setStatus(await localApi.status()))
    void reloadTokens()
  }, [guard, reloadTokens])
  useEffect(() => {
    void reloadRequests()
  }, [reloadRequests])

  const setConfig = useCallback(
    (config: LocalApiConfig) =>
      guard(async () => {
        const st = await localApi.setConfig(config)
        setStatus(st)
        return st
      }),
    [guard],
  )

  const revoke = useCallback(
    (id: string) =>
      guard(async () => {
        await localApi.revokeToken(id)
        await reloadTokens()
      }),
    [guard, reloadTokens],
  )

  return { status, tokens, requests, requestsTotal, requestsPage, setRequestsPage, error, setConfig, revoke, reloadTokens, reloadRequests }
}
