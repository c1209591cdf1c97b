package localapi

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"net/http"
	"unicode/utf8"
)

const maxEmbedInputs = 2048

func (s *Service) embeddings(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	start := s.now()
	rec := Request{ID: newRequestID(w), CreatedAt: start.UnixMilli(), TokenID: c.tokenID, Endpoint: "embeddings"}
	status, aerr := s.embed(w, r, c, &rec)
	if aerr != nil {
		writeError(w, aerr)
		rec.Status, rec.Error = aerr.Status, aerr.Message
	} else {
		rec.Status = status
	}
	if rec.Model == "" {
		return
	}
	rec.DurationMs = s.now().Sub(start).Milliseconds()
	if rec.Status == http.StatusOK {
		s.recordUsage(rec, 0)
	}
	s.record(rec)
}

func (s *Service) embed(w http.ResponseWriter, r *http.Request, c caller, rec *Request) (int, *apiError) {
	var req embeddingRequest
	if aerr := decode(r, &req, s.limits.MaxBody); aerr != nil {
		return 0, aerr
	}
	if req.Model == "" {
		return 0, invalid("model", "you must provide a model parameter")
	}
	rec.Model = req.Model
	inputs, aerr := embedInputs(req.Input)
	if aerr != nil {
		return 0, aerr
	}
	if req.EncodingFormat != "" && req.EncodingFormat != "float" && req.EncodingFormat != "base64" {
		return 0, invalid("encoding_format", "encoding_format must be float or base64")
	}
	tgt, aerr := s.lookup(r.Context(), c, req.Model)
	if aerr != nil {
		return 0, aerr
	}
	if tgt.workspace != nil || !tgt.model.Embedding {
		return 0, invalid("model", "`%s` is not an embedding model", req.Model)
	}
	if aerr := s.allow(r.Context(), tgt); aerr != nil {
		return 0, aerr
	}
	res, err := s.models.Resolve(r.Context(), tgt.model.Ref)
	if err != nil {
		return 0, fromError(err)
	}
	rec.ModelRef = res.Ref
	vecs, err := res.Client.Embed(r.Context(), res.Name, inputs)
	if err != nil {
		return 0, fromError(err)
	}
	if req.Dimensions != nil && len(vecs) > 0 && *req.Dimensions != len(vecs[0]) {
		return 0, invalid("dimensions", "this model makes %d dimensions, not %d", len(vecs[0]), *req.Dimensions)
	}
	data := make([]embeddingObject, len(vecs))
	tokens := 0
	for i, v := range vecs {
		data[i] = embeddingObject{Object: "embedding", Index: i, Embedding: v}
		if req.EncodingFormat == "base64" {
			data[i].Embedding = base64Floats(v)
		}
	}
	for _, in := range inputs {
		tokens += (utf8.RuneCountInString(in) + 3) / 4
	}
	rec.InputTokens, rec.Estimated = tokens, true
	writeJSON(w, 200, map[string]any{"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens}})
	return 200, nil
}

// embedInputs reads input: a string or an array of strings (token arrays
// are not taken: the models here tokenise themselves).
func embedInputs(raw json.RawMessage) ([]string, *apiError) {
	raw = bytes.TrimSpace(raw)
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one == "" {
			return nil, invalid("input", "input must not be empty")
		}
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		var tokens [][]int
		if json.Unmarshal(raw, &tokens) == nil || json.Unmarshal(raw, new([]int)) == nil {
			// LangChain's OpenAIEmbeddings sends tiktoken ids by default.
			return nil, invalid("input", "input must be text: this server does not take token ids (with LangChain's OpenAIEmbeddings, set check_embedding_ctx_length=False)")
		}
		return nil, invalid("input", "input must be a string or an array of strings")
	}
	if len(many) == 0 || len(many) > maxEmbedInputs {
		return nil, invalid("input", "input must hold 1 to %d strings", maxEmbedInputs)
	}
	for i, s := range many {
		if s == "" {
			return nil, invalid("input["+itoa(i)+"]", "input strings must not be empty")
		}
	}
	return many, nil
}

// base64Floats is OpenAI's base64 encoding: little-endian float32s.
func base64Floats(v []float32) string {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return base64.StdEncoding.EncodeToString(b)
}
