/** prettyJSON indents a JSON text for reading; text that is not JSON is shown as it is. */
export function prettyJSON(text: string): string {
  if (!text.trim()) return ''
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/**
 * checkArguments reads edited tool arguments: a JSON object, as the backend
 * takes them. It returns the compact JSON, or the problem in words.
 */
export function checkArguments(text: string): { json: string } | { error: string } {
  let v: unknown
  try {
    v = JSON.parse(text.trim() === '' ? '{}' : text)
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { error: 'The arguments must be a JSON object: { … }' }
  return { json: JSON.stringify(v) }
}
