package chat

import (
	"os"
	"testing"
)

// TestMain lets the test binary run as a crash-test child (crash_test.go):
// a real process that streams an answer until the parent kills it.
func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}
