package rag

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"bookbag/backend/apperr"
)

// Embedder turns texts into vectors, one per text, in order.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Embedders resolves an embedding model ref ("ollama:nomic-embed-text@768")
// to an Embedder this device can use.
type Embedders interface {
	Embedder(ctx context.Context, ref string) (Embedder, error)
}

// EmbedderMap is a fixed set of embedders by ref (tests, bookbag-eval).
type EmbedderMap map[string]Embedder

func (m EmbedderMap) Embedder(_ context.Context, ref string) (Embedder, error) {
	if e, ok := m[ref]; ok {
		return e, nil
	}
	return nil, apperr.New(apperr.Unavailable, "embedding model %s is not available on this device", ref)
}

// RefDimensions returns the dimensions a ref declares after '@', or 0.
func RefDimensions(ref string) int {
	i := strings.LastIndexByte(ref, '@')
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(ref[i+1:])
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// textKey identifies a chunk's text: a chunk whose text has not changed
// keeps its vector when its document is indexed again.
type textKey [32]byte

func keyOf(text string) textKey { return sha256.Sum256([]byte(text)) }

// embedBatch is how many chunks go to the provider per call.
const embedBatch = 32

// encodeVector is the durable float32 little-endian BLOB of chunks.embedding.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func decodeVector(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("decode vector: %d bytes is not a whole number of float32", len(b))
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}

// normalize scales v to unit length in place (chromem compares by dot
// product of unit vectors) and reports whether it could.
func normalize(v []float32) bool {
	var sum float64
	for _, f := range v {
		sum += float64(f) * float64(f)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return false
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
	return true
}

// checkVectors validates a provider's answer.
func checkVectors(vecs [][]float32, n, dims int) error {
	if len(vecs) != n {
		return fmt.Errorf("embedding model returned %d vectors for %d texts", len(vecs), n)
	}
	for _, v := range vecs {
		if len(v) == 0 || (dims > 0 && len(v) != dims) {
			return fmt.Errorf("embedding model returned a vector of %d dimensions, expected %d", len(v), dims)
		}
		if !normalize(v) {
			return fmt.Errorf("embedding model returned a zero or invalid vector")
		}
	}
	return nil
}

// EmbedFunc adapts a function (such as a closure over an llm.Provider and a
// model name) to Embedder.
type EmbedFunc func(ctx context.Context, texts []string) ([][]float32, error)

func (f EmbedFunc) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return f(ctx, texts)
}
