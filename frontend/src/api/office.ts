import * as O from '../../wailsjs/go/sync/AdminAPI'
import type { sync, syncproto } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Administering an office server as one of its admins (backend/sync Admin).

export type AdminSession = Plain<sync.AdminSession>
export type AdminSignInInput = Plain<sync.SignInInput>
export type ServerUser = Plain<syncproto.User>
export type CreateUserRequest = Plain<syncproto.CreateUserRequest>
export type CreateUserResponse = Plain<syncproto.CreateUserResponse>
export type UpdateUserRequest = Plain<syncproto.UpdateUserRequest>
export type AdminWorkspace = Plain<syncproto.AdminWorkspace>
export type ServerMembers = Plain<syncproto.MembersResponse>
export type ServerMember = Plain<syncproto.Member>
export type OfficeUsageQuery = Plain<sync.UsageQuery>
export type OfficeUsageReport = Plain<syncproto.UsageReport>
export type OfficeUsageRow = Plain<syncproto.UsageRow>
export type AuditQuery = Plain<sync.AuditQuery>
export type AuditPage = Plain<syncproto.AuditPage>
export type AuditEntry = Plain<syncproto.AuditEntry>
export type ServerSettings = Plain<syncproto.ServerSettings>
export type ServerSettingsPatch = Plain<syncproto.ServerSettingsPatch>

export const officeApi = {
  signIn: (input: AdminSignInInput): Promise<AdminSession> => call(O.SignIn(wire(input))),
  session: (): Promise<AdminSession> => call(O.Session()),
  signOut: (): Promise<void> => call(O.SignOut()),
  users: (): Promise<ServerUser[]> => call(O.Users()),
  createUser: (req: CreateUserRequest): Promise<CreateUserResponse> => call(O.CreateUser(wire(req))),
  updateUser: (userId: string, req: UpdateUserRequest): Promise<ServerUser> => call(O.UpdateUser(userId, wire(req))),
  resetPassword: (userId: string, password: string): Promise<{ password?: string }> => call(O.ResetPassword(userId, password)),
  workspaces: (): Promise<AdminWorkspace[]> => call(O.Workspaces()),
  setQuota: (workspaceId: string, quotaBytes: number): Promise<AdminWorkspace> => call(O.SetQuota(workspaceId, quotaBytes)),
  members: (workspaceId: string): Promise<ServerMembers> => call(O.Members(workspaceId)),
  setMemberRole: (workspaceId: string, userId: string, role: string): Promise<ServerMember> =>
    call(O.SetMemberRole(workspaceId, userId, role)),
  usage: (q: OfficeUsageQuery): Promise<OfficeUsageReport> => call(O.Usage(wire(q))),
  exportUsage: (q: OfficeUsageQuery): Promise<string> => call(O.ExportUsage(wire(q))),
  audit: (q: AuditQuery): Promise<AuditPage> => call(O.Audit(wire(q))),
  settings: (): Promise<ServerSettings> => call(O.Settings()),
  updateSettings: (p: ServerSettingsPatch): Promise<ServerSettings> => call(O.UpdateSettings(wire(p))),
}
