import type { KeyboardEvent } from 'react'

/**
 * imeKey reports whether a key press belongs to an input method (Japanese,
 * Chinese, Korean…): the Enter that picks a candidate must not send. WebKit
 * (the webview on Linux and macOS) ends the composition before that Enter's
 * keydown, so isComposing is already false there; the key is marked only by
 * keyCode 229.
 */
export function imeKey(e: KeyboardEvent): boolean {
  return e.nativeEvent.isComposing || e.keyCode === 229
}
