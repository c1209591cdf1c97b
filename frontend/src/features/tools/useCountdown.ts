import { useEffect, useState } from 'react'

/** useCountdown is the whole seconds left until a Unix-ms deadline, redrawn every second. */
export function useCountdown(deadline: number): number {
  const [secs, setSecs] = useState(() => secondsLeft(deadline))
  useEffect(() => {
    setSecs(secondsLeft(deadline))
    const t = setInterval(() => setSecs(secondsLeft(deadline)), 1000)
    return () => clearInterval(t)
  }, [deadline])
  return secs
}

function secondsLeft(deadline: number): number {
  return Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
}

/** clock writes seconds as m:ss. */
export function clock(secs: number): string {
  return `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`
}
