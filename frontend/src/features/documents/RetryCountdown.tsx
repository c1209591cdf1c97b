import { useEffect, useState } from 'react'

/**
 * RetryCountdown says how long until the embedding provider is asked again
 * ("next try in 12 s"), ticking each second while there is time left. Give
 * it key={at}: a new retry time starts a new count.
 */
export function RetryCountdown({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now())
  const left = Math.ceil((at - now) / 1000)
  const ticking = left > 0
  useEffect(() => {
    if (!ticking) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [ticking])
  return <span data-testid="retry-countdown">{ticking ? `, next try in ${left} s` : ', trying again'}</span>
}
