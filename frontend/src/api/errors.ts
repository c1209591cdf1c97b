// Errors from bound Go methods arrive as {code, message} (app.go formatError).
// Everything the UI catches is normalised to ApiError here.

export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'unavailable'
  | 'canceled'
  | 'internal'
  | 'over_budget' // a monthly budget's hard limit is reached (backend/usage)

export class ApiError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

const codes: ErrorCode[] = ['invalid', 'not_found', 'conflict', 'unauthorized', 'unavailable', 'canceled', 'internal', 'over_budget']

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  // Wails v2.14 rejects with new Error(formatted error): the formatter's JSON
  // string (app.go formatError) arrives as the Error's message.
  if (e instanceof Error && e.message.startsWith('{')) {
    try {
      const o = JSON.parse(e.message)
      if (o && typeof o === 'object' && 'message' in o) return toApiError(o)
    } catch {
      // not ours: fall through
    }
  }
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { code?: unknown; message?: unknown }
    const code = codes.includes(o.code as ErrorCode) ? (o.code as ErrorCode) : 'internal'
    return new ApiError(code, String(o.message ?? 'unknown error'))
  }
  if (typeof e === 'string') {
    // Wails reports binding failures (wrong arguments, panics) as plain strings.
    try {
      return toApiError(JSON.parse(e))
    } catch {
      return new ApiError('internal', e)
    }
  }
  return new ApiError('internal', String(e))
}

/** call awaits a bound method and rethrows its failure as ApiError. */
export async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p
  } catch (e) {
    throw toApiError(e)
  }
}

export function errorMessage(e: unknown): string {
  return toApiError(e).message
}
