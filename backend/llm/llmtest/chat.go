package llmtest

import "fmt"

// verdict is the fake's judgement of an unscripted request.
type verdict struct {
	ok     bool
	status int
	msg    string
}

// script returns the queued script, or checks the request against the model
// list and asks the Responder. Scripts skip the checks so a test can use any
// model name.
func (f *Fake) script(c *Call) (Script, verdict) {
	if s, ok := f.nextScript(); ok {
		return s, verdict{ok: true}
	}
	m, known := f.model(c.Model)
	switch {
	case !known:
		return Script{}, verdict{status: 404, msg: fmt.Sprintf("model %q not found", c.Model)}
	case m.Embedding:
		return Script{}, verdict{status: 400, msg: fmt.Sprintf("%q does not support chat", c.Model)}
	case len(c.Images()) > 0 && !m.Vision:
		return Script{}, verdict{status: 400, msg: fmt.Sprintf("%q does not support images", c.Model)}
	}
	return f.responder()(c, m), verdict{ok: true}
}

// embed answers an embeddings request with HashEmbed vectors.
func (f *Fake) embed(c *Call) ([][]float32, int, string) {
	m, known := f.model(c.Model)
	if !known {
		return nil, 404, fmt.Sprintf("model %q not found", c.Model)
	}
	if !m.Embedding {
		return nil, 400, fmt.Sprintf("%q does not support embeddings", c.Model)
	}
	dims := m.dims()
	if c.Dimensions > 0 && c.Dimensions < dims {
		dims = c.Dimensions
	}
	out := make([][]float32, len(c.Inputs))
	for i, t := range c.Inputs {
		out[i] = HashEmbed(t, dims)
	}
	return out, 0, ""
}
