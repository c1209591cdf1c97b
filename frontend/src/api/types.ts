// Plain<T> strips the helper methods Wails adds to generated model classes, so
// the UI and tests deal in plain objects that still follow the Go structs.
import type { main, settings, store, workspace } from '../../wailsjs/go/models'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any
export type Plain<T> = T extends (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { [K in keyof T as T[K] extends Fn ? never : K]: Plain<T[K]> }
    : T

export type Bootstrap = Plain<main.Bootstrap>
export type Identity = Plain<store.Identity>
export type Workspace = Plain<workspace.Workspace>
export type WorkspaceSettings = Plain<workspace.Settings>
export type AppSettings = Plain<settings.AppSettings>
export type Theme = 'system' | 'light' | 'dark'
