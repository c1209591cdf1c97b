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
