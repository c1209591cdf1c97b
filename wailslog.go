package main

import (
	"encoding/json"
	"log/slog"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/logger"
)

// wailsLog takes Wails' own messages into the app's log. Wails' default
// logger prints to stdout (the journal, on a Linux desktop), and when a
// message from the webview fails (a call's arguments do not parse, a bound
// method panics) it logs the whole message, arguments included: an API key
// being saved. Those keep only the method's name.
type wailsLog struct{ log *slog.Logger }

var _ logger.Logger = wailsLog{}

// failedMessage starts what Wails' dispatcher logs as
// "process message error: <message> -> <error>".
const failedMessage = "process message error: "

func (w wailsLog) clean(m string) string {
	rest, ok := strings.CutPrefix(m, failedMessage)
	if !ok {
		return m
	}
	// A call is one letter and its JSON ({"name":…,"args":[…],…}): the
	// decoder finds where it ends, whatever its strings hold.
	if len(rest) > 1 {
		dec := json.NewDecoder(strings.NewReader(rest[1:]))
		var call struct {
			Name string `json:"name"`
		}
		if dec.Decode(&call) == nil && call.Name != "" {
			return failedMessage + call.Name + " (arguments not logged)" + rest[1+int(dec.InputOffset()):]
		}
	}
	return failedMessage + "a message from the webview (not logged)"
}

func (w wailsLog) Print(m string)   { w.log.Info(w.clean(m), "from", "wails") }
func (w wailsLog) Trace(string)     {} // call results and messages, verbatim
func (w wailsLog) Debug(m string)   { w.log.Debug(w.clean(m), "from", "wails") }
func (w wailsLog) Info(m string)    { w.log.Info(w.clean(m), "from", "wails") }
func (w wailsLog) Warning(m string) { w.log.Warn(w.clean(m), "from", "wails") }
func (w wailsLog) Error(m string)   { w.log.Error(w.clean(m), "from", "wails") }
func (w wailsLog) Fatal(m string)   { w.log.Error(w.clean(m), "from", "wails", "fatal", true) } // Wails exits after
