import { useCallback, useEffect, useState } from 'react'
import { errorMessage, localApi, type LocalApiConfig, type LocalApiRequest, type LocalApiStatus, type LocalApiToken } from '@/api'

/** useLocalApi loads the server's status, tokens and recent requests, and changes them. */
export function useLocalApi() {
  const [status, setStatus] = useState<LocalApiStatus | null>(null)
  const [tokens, setTokens] = useState<LocalApiToken[]>([])
  const [requests, setRequests] = useState<LocalApiRequest[]>([])
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
  const reloadRequests = useCallback(
    () => guard(async () => setRequests((await localApi.recentRequests(0, 20)).items)),
    [guard],
  )

  useEffect(() => {
    void guard(async () => setStatus(await localApi.status()))
    void reloadTokens()
    void reloadRequests()
  }, [guard, reloadTokens, reloadRequests])

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

  return { status, tokens, requests, error, setConfig, revoke, reloadTokens, reloadRequests }
}
