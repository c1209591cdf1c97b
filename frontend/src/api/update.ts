import * as U from '../../wailsjs/go/update/API'
import type { update } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Signed self-update (backend/update).

export type UpdateSettings = Plain<update.Settings>
export type UpdateCheck = Plain<update.Check>
export type UpdateApplied = Plain<update.Applied>
export type UpdateChannel = 'stable' | 'beta'

export const updateApi = {
  settings: (): Promise<UpdateSettings> => call(U.GetSettings()),
  setSettings: (s: UpdateSettings): Promise<UpdateSettings> => call(U.SetSettings(wire(s))),
  check: (): Promise<UpdateCheck> => call(U.CheckForUpdate()),
  apply: (): Promise<UpdateApplied> => call(U.ApplyUpdate()),
  /** cancel stops a running install before the program is replaced; false when none runs. */
  cancel: (): Promise<boolean> => call(U.CancelUpdate()),
}
