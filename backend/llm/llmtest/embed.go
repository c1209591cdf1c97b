package llmtest

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// HashEmbed is the fake embedding model: the lower-cased words of text
// (runs of letters and digits) hashed (FNV-1a 64) into dims buckets, each
// adding +1 or -1 by a bit of the hash (the signed hashing trick, so
// collisions cancel instead of piling up), then L2-normalised. Texts that
// share words have a positive cosine similarity, unrelated texts about zero,
// which is all hybrid retrieval tests need. A text without words gets the
// unit vector e0 rather than a zero vector (cosine of zero is undefined).
func HashEmbed(text string, dims int) []float32 {
	if dims <= 0 {
		dims = DefaultDimensions
	}
	v := make([]float64, dims)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		h := fnv.New64a()
		h.Write([]byte(w))
		x := h.Sum64()
		sign := 1.0
		if x>>63 == 1 {
			sign = -1
		}
		v[x%uint64(dims)] += sign
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dims)
	if norm == 0 {
		out[0] = 1
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}
