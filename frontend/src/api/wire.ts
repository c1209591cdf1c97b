import { ApiError } from './errors'
import type { Plain } from './types'

// The generated bindings (frontend/wailsjs) are typed with the generated model
// classes, which add createFrom/convertValues to the Go struct's fields. Wails
// sends only the JSON of an argument, so a plain object with those fields is
// what Go receives either way; these helpers say so once, with a type check,
// instead of a cast to any in every api file.

/**
 * wire passes a plain frontend value (Plain<P>) where a binding takes the
 * generated class P. P comes from the binding's parameter, never from the
 * argument (NoInfer), so the value is checked against that struct's fields:
 * a missing or mistyped field fails typecheck instead of Go's JSON decode.
 */
export function wire<P>(v: NoInfer<Plain<P>>): P {
  return v as unknown as P
}

/** bytesToBase64 encodes bytes the way Go's encoding/json reads a []byte: base64. */
export function bytesToBase64(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf)
  let s = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(s)
}

/**
 * wireBytes passes bytes where a binding takes a Go []byte. The generator
 * types those as number[], but Go decodes a []byte only from a base64 string,
 * which is what is sent.
 */
export function wireBytes(buf: ArrayBuffer | Uint8Array): number[] {
  return bytesToBase64(buf) as unknown as number[]
}

/**
 * maxWebviewFile is the largest file the webview sends whole: its bytes
 * travel base64 through the bridge, several copies at once. A larger file
 * goes through the native dialog, which reads it from disk as it goes.
 */
export const maxWebviewFile = 64 << 20

/** fileBytes reads a file chosen in the webview for a binding, or refuses one too large to send, naming the way that can open it. */
export async function fileBytes(file: File, instead: string): Promise<number[]> {
  if (file.size > maxWebviewFile) {
    const mb = Math.round(file.size / (1 << 20)).toLocaleString()
    throw new ApiError('invalid', `${file.name} is ${mb} MB, too large to send from here: use “${instead}”, which reads it from disk`)
  }
  return wireBytes(await file.arrayBuffer())
}
