// Sharing workspaces with a BookBag server. The lead places:
// - SyncIndicator (per workspace) in the sidebar, next to the workspace name;
// - WorkspaceSharing in the workspace settings page ("Sharing" section:
//   Share with a server, members, sign out, stop sharing);
// - useChatAuthors + ChatAuthorLabel in the chat list ("by Alice"),
//   ShareChatButton in the chat header (own chats of a shared workspace);
//   ChatAuthor.readOnly says the composer should be disabled.
export { SyncIndicator, SyncDetailsDialog, indicatorLabel } from './SyncIndicator'
export { ShareDialog } from './ShareDialog'
export { MembersPanel } from './MembersPanel'
export { ReconnectDialog } from './ReconnectDialog'
export { WorkspaceSharing } from './WorkspaceSharing'
export { useChatAuthors, ChatAuthorLabel, ShareChatButton } from './chatAuthors'
export { useSyncStatus, useSyncStore, lastSyncedText } from './store'
