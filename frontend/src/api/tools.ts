import * as T from '../../wailsjs/go/tools/API'
import type { events, tools } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Tool servers (MCP), a workspace's use of them, approvals and the record of
// calls (backend/tools).

export type ToolServer = Plain<tools.Server>
export type ToolServerInput = Plain<tools.ServerInput>
/** ToolServerUpdate is what an edit did: the server, and the standing approvals it removed because the server became another program. */
export type ToolServerUpdate = Plain<tools.ServerUpdate>
export type ToolServerStatus = Plain<tools.ServerStatus>
/** ServerTool is one tool of a server; its schema arrives as JSON (a Go RawMessage), not the number[] the generator says. */
export type ServerTool = Omit<Plain<tools.Tool>, 'inputSchema'> & { inputSchema: unknown }
export type ToolImportReport = Plain<tools.ImportReport>
export type WorkspaceToolServer = Plain<tools.WorkspaceServer>
export type ToolPolicy = Plain<tools.Policy>
export type ToolApproval = Plain<tools.Approval>
export type ToolCallEntry = Plain<tools.CallEntry>
export type ToolCallPage = Plain<tools.CallPage>
export type ToolAction = Plain<tools.Action>
export type ToolActionInput = Plain<tools.ActionInput>
export type ToolActionResult = Plain<tools.ActionResult>
/** ApprovalCard is a call waiting for the user (the tool:approval event and PendingApprovals). */
export type ApprovalCard = Plain<events.ToolApprovalPayload>
export type ServerState = 'stopped' | 'starting' | 'ready' | 'failed' | 'disabled'
/** The user's answers on an approval card. */
export type ApprovalDecision = 'once' | 'tool' | 'server' | 'deny'

/**
 * The tool:approval-closed event: a card was answered, timed out or cancelled,
 * or ('always') an "always allow" given on another card covered it.
 */
export interface ApprovalClosed {
  id: string
  chatId: string
  decision: ApprovalDecision | 'timeout' | 'canceled' | 'always'
}

export const toolsApi = {
  listServers: (): Promise<ToolServer[]> => call(T.ListServers()),
  addServer: (input: ToolServerInput): Promise<ToolServer> => call(T.AddServer(wire(input))),
  /**
   * updateServer keeps a stored env or header value where input leaves it empty. An edit of what runs (command, arguments,
   * folder) or of the URL removes the server's standing approvals in every workspace; the result says how many and why.
   */
  updateServer: (id: string, input: ToolServerInput): Promise<ToolServerUpdate> => call(T.UpdateServer(id, wire(input))),
  setServerEnabled: (id: string, enabled: boolean): Promise<ToolServer> => call(T.SetServerEnabled(id, enabled)),
  removeServer: (id: string): Promise<void> => call(T.RemoveServer(id)),
  restartServer: (id: string): Promise<ToolServer> => call(T.RestartServer(id)),
  /** serverTools starts the server if needed and lists its tools. */
  serverTools: (id: string): Promise<ServerTool[]> => call(T.ServerTools(id)) as unknown as Promise<ServerTool[]>,
  /** importServers adds the servers of a {"mcpServers": …} JSON text; names already configured are skipped, or with update changed to the file's settings. */
  importServers: (text: string, update = false): Promise<ToolImportReport> => call(T.ImportServers(text, update)),
  /** exportServers asks where to save the servers' JSON (secret values left empty); '' when cancelled. */
  exportServers: (): Promise<string> => call(T.ExportServers()),
  workspaceServers: (workspaceId: string): Promise<WorkspaceToolServer[]> => call(T.WorkspaceServers(workspaceId)),
  setWorkspaceServer: (workspaceId: string, serverId: string, tools: boolean, plugin: boolean): Promise<WorkspaceToolServer[]> =>
    call(T.SetWorkspaceServer(workspaceId, serverId, tools, plugin)),
  /** setPluginRequired: a required plugin holds a message when its before-send hook fails or its server is off. */
  setPluginRequired: (workspaceId: string, serverId: string, required: boolean): Promise<WorkspaceToolServer[]> =>
    call(T.SetPluginRequired(workspaceId, serverId, required)),
  policy: (workspaceId: string): Promise<ToolPolicy> => call(T.Policy(workspaceId)),
  setPolicy: (p: ToolPolicy): Promise<ToolPolicy> => call(T.SetPolicy(wire(p))),
  approvals: (workspaceId: string): Promise<ToolApproval[]> => call(T.Approvals(workspaceId)),
  /** revokeApproval forgets a standing approval; tool '' is the whole server's. */
  revokeApproval: (workspaceId: string, serverId: string, tool: string): Promise<void> => call(T.RevokeApproval(workspaceId, serverId, tool)),
  /** pendingApprovals lists the cards waiting in a chat ('' for every chat). */
  pendingApprovals: (chatId: string): Promise<ApprovalCard[]> => call(T.PendingApprovals(chatId)),
  /** answerApproval answers a card; argumentsJSON '' keeps the model's arguments. */
  answerApproval: (id: string, decision: ApprovalDecision, argumentsJSON = ''): Promise<void> => call(T.AnswerApproval(id, decision, argumentsJSON)),
  /** calls returns a page of the workspace's record, newest first; pass page.next as before for more. */
  calls: (workspaceId: string, before = '', limit = 50): Promise<ToolCallPage> => call(T.Calls(workspaceId, before, limit)),
  /** exportCalls asks where to save the record and writes it; '' when cancelled. */
  exportCalls: (workspaceId: string, format: 'csv' | 'jsonl'): Promise<string> => call(T.ExportCalls(workspaceId, format)),
  actions: (workspaceId: string): Promise<ToolAction[]> => call(T.Actions(workspaceId)),
  runAction: (input: ToolActionInput): Promise<ToolActionResult> => call(T.RunAction(wire(input))),
}
