// A chat's ToolsOff (chat params): server names, or "server/tool", switched
// off in that chat. These keep the list minimal as tools are ticked.

export function isOff(off: string[], server: string, tool: string): boolean {
  return off.includes(server) || off.includes(`${server}/${tool}`)
}

/**
 * setToolOff switches one tool off or on. Switching one tool of a server that
 * is off as a whole back on leaves the server's other tools (those listed
 * now) off, one by one.
 */
export function setToolOff(off: string[], server: string, tool: string, serverTools: string[], toOff: boolean): string[] {
  const name = `${server}/${tool}`
  if (toOff) return isOff(off, server, tool) ? off : [...off, name]
  if (!off.includes(server)) return off.filter((o) => o !== name)
  const rest = off.filter((o) => o !== server && o !== name)
  for (const t of serverTools) if (t !== tool && !rest.includes(`${server}/${t}`)) rest.push(`${server}/${t}`)
  return rest
}

/** setServerOff switches a whole server off (its tools to come too) or every one of its tools back on. */
export function setServerOff(off: string[], server: string, toOff: boolean): string[] {
  const rest = off.filter((o) => o !== server && !o.startsWith(`${server}/`))
  return toOff ? [...rest, server] : rest
}
