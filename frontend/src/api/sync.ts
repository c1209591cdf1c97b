import * as S from '../../wailsjs/go/sync/API'
import type { sync } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Sharing workspaces with a BookBag server (backend/sync).

export type SyncStatus = Plain<sync.Status>
export type SyncRejection = Plain<sync.Rejection>
export type SyncSignInInput = Plain<sync.SignInInput>
export type SyncSignInResult = Plain<sync.SignInResult>
export type SyncInvitation = Plain<sync.Invitation>
export type SyncRemoteWorkspace = Plain<sync.RemoteWorkspace>
export type SyncMember = Plain<sync.Member>
export type SyncMembers = Plain<sync.Members>
export type SyncChatAuthor = Plain<sync.ChatAuthor>
export type SyncAuthor = Plain<sync.Author>
export type SyncState = 'unlinked' | 'synced' | 'syncing' | 'offline' | 'error'

/** The sync:status event (backend/events SyncStatusPayload). */
export interface SyncStatusEvent {
  workspaceId: string
  state: SyncState
  pending: number
  lastSyncedAt: number
  error: string
}

export const syncApi = {
  signIn: (input: SyncSignInInput): Promise<SyncSignInResult> => call(S.SignIn(wire(input))),
  listInvitations: (session: string): Promise<SyncInvitation[]> => call(S.ListInvitations(session)),
  createShared: (session: string, workspaceId: string): Promise<SyncStatus> => call(S.CreateShared(session, workspaceId)),
  join: (session: string, invitationId: string, workspaceId = ''): Promise<SyncStatus> =>
    call(S.Join(session, invitationId, workspaceId)),
  status: (workspaceId: string): Promise<SyncStatus> => call(S.Status(workspaceId)),
  statuses: (): Promise<SyncStatus[]> => call(S.Statuses()),
  syncNow: (workspaceId: string): Promise<SyncStatus> => call(S.SyncNow(workspaceId)),
  reconnect: (workspaceId: string, password: string): Promise<SyncStatus> => call(S.Reconnect(workspaceId, password)),
  signOut: (workspaceId: string): Promise<SyncStatus> => call(S.SignOut(workspaceId)),
  unlink: (workspaceId: string): Promise<void> => call(S.Unlink(workspaceId)),
  clearRejections: (workspaceId: string): Promise<SyncStatus> => call(S.ClearRejections(workspaceId)),
  members: (workspaceId: string): Promise<SyncMembers> => call(S.Members(workspaceId)),
  invite: (workspaceId: string, email: string, role: string): Promise<SyncInvitation> =>
    call(S.Invite(workspaceId, email, role)),
  revokeInvitation: (workspaceId: string, invitationId: string): Promise<void> =>
    call(S.RevokeInvitation(workspaceId, invitationId)),
  setRole: (workspaceId: string, userId: string, role: string): Promise<SyncMember> =>
    call(S.SetRole(workspaceId, userId, role)),
  removeMember: (workspaceId: string, userId: string): Promise<void> => call(S.RemoveMember(workspaceId, userId)),
  shareChat: (chatId: string): Promise<void> => call(S.ShareChat(chatId)),
  unshareChat: (chatId: string): Promise<void> => call(S.UnshareChat(chatId)),
  authors: (workspaceId: string): Promise<SyncAuthor[]> => call(S.Authors(workspaceId)),
  chatAuthors: (workspaceId: string): Promise<SyncChatAuthor[]> => call(S.ChatAuthors(workspaceId)),
}
