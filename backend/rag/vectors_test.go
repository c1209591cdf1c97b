package rag

import (
	"context"
	"math/rand"
	"reflect"
	"strconv"
	"testing"

	chromem "github.com/philippgille/chromem-go"

	"bookbag/backend/rag/rank"
)

// rank.Scan answers what chromem's QueryEmbedding answers, chat filter included.
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

func ids(h []rank.VecHit) []int64 {
	out := make([]int64, len(h))
	for i, x := range h {
		out[i] = x.ID
	}
	return out
}

func sameSims(a, b []rank.VecHit) bool {
	for i := range a {
		if d := a[i].Sim - b[i].Sim; d > 1e-5 || d < -1e-5 {
			return false
		}
	}
	return true
}
