import { useEffect, useState } from 'react'

/** useCountdown is the whole seconds left until a Unix-ms deadline, redrawn every second. */
export function useCountdown(deadline: number): number {
  const left = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
  const [secs, setSecs] = useState(left)
  useEffect(() => {
    setSecs(left())
    const t = setInterval(() => setSecs(left()), 1000)
    return () => clearInterval(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deadline])
  return secs
}

/** clock writes seconds as m:ss. */
export function clock(secs: number): string {
  return `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`
}
