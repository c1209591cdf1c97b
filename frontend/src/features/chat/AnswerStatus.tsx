import { useEffect, useState } from 'react'
import type { StreamStatus } from './streamReducer'

const news: Partial<Record<StreamStatus, string>> = {
  streaming: 'Writing the answer…',
  done: 'Answer finished',
  stopped: 'Answer stopped',
  // an error is said by the answer's own alert
}

/**
 * AnswerStatus tells a screen reader when an answer starts and ends, once
 * each: the streamed text itself is in no live region, so a reader is not
 * read every piece as it arrives. What was said stays (the stream is cleared
 * once the saved answer is fetched); a new chat's screen starts silent.
 */
export function AnswerStatus({ messageId, status }: { messageId: string | null; status?: StreamStatus }) {
  const [said, setSaid] = useState('')
  const now = status ? news[status] : undefined
  useEffect(() => {
    if (now) setSaid(now)
  }, [now, messageId])
  return (
    <p role="status" className="sr-only" data-testid="answer-status">
      {said}
    </p>
  )
}
