package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// apiCall sends one request with a bearer token to a local API served at
// base, and returns the status and the body.
func apiCall(t *testing.T, base, secret, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
