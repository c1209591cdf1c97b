package mcp

import (
	"reflect"
	"testing"
)

// FuzzConfigRoundTrip checks the promise of ExportConfig on any file
// ParseConfig takes: exported and read again, the servers are the same
// (so an export imported elsewhere, or back here, means what it did).
func FuzzConfigRoundTrip(f *testing.F) {
	for _, s := range []string{
		`{"mcpServers":{"files":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","${env:ROOT}"],"env":{"ROOT":"/tmp"},"timeout":30}}}`,
		`{"servers":{"web":{"type":"streamable-http","url":"https://example.com/mcp","headers":{"Authorization":"Bearer x"},"initTimeout":2.5,"disabled":true}}}`,
		`{"mcpServers":{"a":{"url":"http://127.0.0.1:1/sse","transport":"sse"},"b":{"command":"b","cwd":"/srv"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := ParseConfig(data)
		if err != nil {
			return
		}
		out, err := ExportConfig(first)
		if err != nil {
			t.Fatalf("%s parsed but does not export: %v", data, err)
		}
		again, err := ParseConfig(out)
		if err != nil {
			t.Fatalf("the export of %s does not parse: %v\n%s", data, err, out)
		}
		for i := range first {
			if len(first[i].Args) == 0 && len(again[i].Args) == 0 {
				first[i].Args, again[i].Args = nil, nil // [] and absent mean the same
			}
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("round trip of %s:\n%+v\n%+v", data, first, again)
		}
	})
}
