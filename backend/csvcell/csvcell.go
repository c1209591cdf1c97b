// Package csvcell writes text cells of CSV exports so that a spreadsheet
// shows them rather than running them (CSV injection, OWASP): names,
// models, tool arguments and error texts come from users, servers and
// models, and a cell such as =HYPERLINK(…) runs as a formula when the
// file is opened.
package csvcell

import "strings"

// Text is s as a text cell: one that begins like a formula (= + - @ after
// any leading spaces, or a tab or carriage return) gets a leading
// apostrophe, which spreadsheets hide and read as "this is text". Cells of
// numbers the app writes itself are not passed through it.
func Text(s string) string {
	if strings.HasPrefix(s, "\t") || strings.HasPrefix(s, "\r") {
		return "'" + s
	}
	t := strings.TrimLeft(s, " \n")
	if t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}
