package rag

import (
	"context"
	"math/rand"
	"reflect"
	"strconv"
	"testing"

	chromem "github.com/philippgille/chromem-go"
)

// scan answers what chromem's QueryEmbedding answers, chat filter included.
func TestScanMatchesChromem(t *testing.T) {
	ctx := context.Background()
	x := newVectorIndex(nil)
	c, err := x.chroma.CreateCollection("t", nil, noTextEmbedding)
	if err != nil {
		t.Fatal(err)
	}
	vc := &vcoll{ready: make(chan struct{}), c: c, pos: map[int64]int{}}
	close(vc.ready)
	x.colls[collKey("ws", "m")] = vc
	rng := rand.New(rand.NewSource(7))
	var entries []vecEntry
	var docs []chromem.Document
	for i := 0; i < 6000; i++ {
		v := make([]float32, 32)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		normalize(v)
		chat := ""
		if i%5 == 0 {
			chat = "c" + strconv.Itoa(i%3)
		}
		entries = append(entries, vecEntry{id: int64(i), v: v, chat: chat})
		docs = append(docs, chromem.Document{ID: strconv.Itoa(i), Embedding: v, Metadata: map[string]string{"chat": chat}})
	}
	if err := c.AddDocuments(ctx, docs, 1); err != nil {
		t.Fatal(err)
	}
	vc.put(entries)
	x.remove(ctx, "ws", []int64{3, 10, 4000})
	for k := 0; k < 20; k++ {
		q := make([]float32, 32)
		for j := range q {
			q[j] = float32(rng.NormFloat64())
		}
		normalize(q)
		for _, chat := range []string{"", "c1"} {
			got, err := x.query(ctx, "ws", "m", Scope{Chat: chat}, q, 50)
			if err != nil {
				t.Fatal(err)
			}
			want, err := x.chromemQuery(ctx, "ws", "m", chat, q, 50)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(got), ids(want)) || !sameSims(got, want) {
				t.Fatalf("scan %v\nchromem %v", ids(got), ids(want))
			}
		}
	}
}

func ids(h []vecHit) []int64 {
	out := make([]int64, len(h))
	for i, x := range h {
		out[i] = x.id
	}
	return out
}

// BenchmarkScan is the vector scan alone on 100k x 768 random unit vectors
// (no SQLite, no embedding): the floor of BenchmarkVectorQuery.
func BenchmarkScan(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	refs := make([]vecRef, 100000)
	for i := range refs {
		v := make([]float32, 768)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		normalize(v)
		refs[i] = vecRef{id: int64(i), v: v}
	}
	q := refs[42].v
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		scan(refs, q, Scope{}, 50)
	}
}

func sameSims(a, b []vecHit) bool {
	for i := range a {
		if d := a[i].sim - b[i].sim; d > 1e-5 || d < -1e-5 {
			return false
		}
	}
	return true
}
