import * as L from '../../wailsjs/go/localapi/API'
import type { localapi } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// The local OpenAI-compatible API (backend/localapi): its switch, port and
// origins, its tokens, and the requests it served.

export type LocalApiConfig = Plain<localapi.Config>
export type LocalApiStatus = Plain<localapi.Status>
export type LocalApiToken = Plain<localapi.Token>
export type LocalApiNewToken = Plain<localapi.NewToken>
export type LocalApiTokenInput = Plain<localapi.TokenInput>
export type LocalApiRequest = Plain<localapi.Request>
export type LocalApiRequestPage = Plain<localapi.RequestPage>

export const localApi = {
  status: (): Promise<LocalApiStatus> => call(L.Status()),
  setConfig: (config: LocalApiConfig): Promise<LocalApiStatus> => call(L.SetConfig(wire(config))),
  createToken: (input: LocalApiTokenInput): Promise<LocalApiNewToken> => call(L.CreateToken(wire(input))),
  listTokens: (): Promise<LocalApiToken[]> => call(L.ListTokens()),
  revokeToken: (id: string): Promise<void> => call(L.RevokeToken(id)),
  recentRequests: (offset: number, limit: number): Promise<LocalApiRequestPage> => call(L.RecentRequests(offset, limit)),
}
