// The same rule as the Go side (backend/models/templates.go): {{ name }} with
// a letter or underscore first, then letters, digits, underscores or spaces.
const templateVar = /\{\{\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*\}\}/g

/** templateVariables lists a body's {{variables}} in order of first use. */
export function templateVariables(body: string): string[] {
  const out: string[] = []
  for (const m of body.matchAll(templateVar)) if (!out.includes(m[1])) out.push(m[1])
  return out
}
