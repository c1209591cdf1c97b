package rag

import (
	"bytes"
	"testing"
)

func TestBundleRoundTripAndRefusals(t *testing.T) {
	vecs := map[textKey][]byte{
		keyOf("first chunk"):  encodeVector([]float32{1, 0, 0}),
		keyOf("second chunk"): encodeVector([]float32{0, 0.6, 0.8}),
	}
	data := encodeBundle("ollama:nomic@3", 3, vecs)
	if again := encodeBundle("ollama:nomic@3", 3, vecs); !bytes.Equal(data, again) {
		t.Fatal("the same vectors gave two different files (hashes would differ between devices)")
	}
	b, err := decodeBundle(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b.ref != "ollama:nomic@3" || b.dims != 3 || len(b.vecs) != 2 || !bytes.Equal(b.vecs[keyOf("second chunk")], vecs[keyOf("second chunk")]) {
		t.Fatalf("decoded %+v", b)
	}
	for name, bad := range map[string][]byte{
		"empty":        nil,
		"not a bundle": []byte("%PDF-1.7 something else entirely"),
		"truncated":    data[:len(data)-5],
		"huge count":   append([]byte(bundleMagic+"\x01x\x03"), 0xff, 0xff, 0xff, 0xff, 0x0f),
	} {
		if _, err := decodeBundle(bytes.NewReader(bad)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}
