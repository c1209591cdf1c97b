// Command lsa-embedder is an Ollama-compatible embedding server (POST
// /api/embed, GET /api/tags) whose vectors come from Latent Semantic Analysis
// fitted on the workspace's own passages: no model is downloaded. It lets
// bookbag-eval measure LSA as the vector half of hybrid search through the
// app's real Ollama adapter. Evaluation tooling only; the app does not ship it.
//
// Two steps:
//
//	# 1. record the passages the eval embeds (placeholder 8-dim vectors)
//	go run ./tools/lsa-embedder collect -addr 127.0.0.1:11600 -out /tmp/texts.jsonl &
//	go run ./cmd/bookbag-eval -docs DIR -questions Q.jsonl -embedder ollama:lsa -base-url http://127.0.0.1:11600
//	# 2. fit LSA on them (minus the probe and any question text) and serve it
//	go run ./tools/lsa-embedder serve -addr 127.0.0.1:11600 -fit /tmp/texts.jsonl -k 128 [-scale] -exclude Q1.jsonl,Q2.jsonl &
//	go run ./cmd/bookbag-eval ... -embedder ollama:lsa -base-url http://127.0.0.1:11600
//
// The model: lower-case words, English stop words dropped, words in fewer
// than 2 texts dropped; weight (1+ln tf)·ln(N/df), rows L2-normalised;
// truncated SVD to K dimensions (randomized, see svd.go). Any text is folded
// in: its tf-idf row times the K right singular vectors, divided by the
// singular values with -scale, then L2-normalised.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// probeText is what bookbag-eval embeds first to learn the dimensions.
const probeText = "dimension probe"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lsa-embedder collect|serve [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:11600", "listen address")
	out := fs.String("out", "texts.jsonl", "collect: file the distinct input texts are appended to (one JSON string a line)")
	fit := fs.String("fit", "texts.jsonl", "serve: texts to fit on (written by collect)")
	k := fs.Int("k", 128, "serve: dimensions")
	scale := fs.Bool("scale", false, "serve: divide by the singular values when folding in")
	exclude := fs.String("exclude", "", "serve: comma-separated question files (JSONL with \"question\") whose texts are not fitted on")
	fs.Parse(os.Args[2:])

	var embed func([]string) [][]float32
	switch os.Args[1] {
	case "collect":
		embed = collector(*out)
	case "serve":
		m, err := fitFile(*fit, *exclude, *k, *scale)
		if err != nil {
			log.Fatal(err)
		}
		embed = m.embedAll
	default:
		log.Fatalf("unknown mode %q (want collect or serve)", os.Args[1])
	}
	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, handler(embed)))
}

// handler speaks the two Ollama endpoints bookbag's adapter uses.
func handler(embed func([]string) [][]float32) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/embed", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string          `json:"model"`
			Input json.RawMessage `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var input []string
		if json.Unmarshal(req.Input, &input) != nil {
			var one string
			if err := json.Unmarshal(req.Input, &one); err != nil {
				http.Error(w, "input: want a string or a list of strings", http.StatusBadRequest)
				return
			}
			input = []string{one}
		}
		t0 := time.Now()
		vecs := embed(input)
		log.Printf("embed %d texts in %v", len(input), time.Since(t0))
		writeJSON(w, map[string]any{"model": req.Model, "embeddings": vecs})
	})
	mux.HandleFunc("GET /api/tags", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"models": []map[string]string{{"name": "lsa", "model": "lsa"}}})
	})
	mux.HandleFunc("GET /api/version", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"version": "0.0.0-lsa"})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// collector appends each distinct text to path and answers with an 8-dim
// vector of hash values (deterministic, never zero).
func collector(path string) func([]string) [][]float32 {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(texts []string) [][]float32 {
		mu.Lock()
		defer mu.Unlock()
		out := make([][]float32, len(texts))
		for i, t := range texts {
			if !seen[t] {
				seen[t] = true
				b, _ := json.Marshal(t)
				f.Write(append(b, '\n'))
			}
			out[i] = hashVector(t, 8)
		}
		return out
	}
}

// hashVector is a pseudo-random unit vector chosen by the text.
func hashVector(t string, dims int) []float32 {
	h := fnv.New64a()
	h.Write([]byte(t))
	x := h.Sum64() | 1
	v := make([]float32, dims)
	var n float64
	for i := range v {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		v[i] = float32(int64(x%2001)-1000) + 0.5
		n += float64(v[i]) * float64(v[i])
	}
	for i := range v {
		v[i] /= float32(math.Sqrt(n))
	}
	return v
}

// fitFile reads collect's output, drops the probe and the question texts,
// and fits the model.
func fitFile(path, exclude string, k int, scale bool) (*model, error) {
	skip := map[string]bool{probeText: true}
	for _, q := range strings.Split(exclude, ",") {
		if q == "" {
			continue
		}
		err := eachLine(q, func(b []byte) error {
			var r struct{ Question string }
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			skip[r.Question] = true
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	var texts []string
	dropped := 0
	err := eachLine(path, func(b []byte) error {
		var t string
		if err := json.Unmarshal(b, &t); err != nil {
			return err
		}
		if skip[t] {
			dropped++
		} else {
			texts = append(texts, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t0 := time.Now()
	m := fitLSA(texts, k, scale)
	log.Printf("fitted %d texts (%d dropped as probe/questions), %d words, k=%d scale=%v in %v; top singular values %.3f",
		len(texts), dropped, len(m.vocab), k, scale, time.Since(t0), m.sigma[:min(5, len(m.sigma))])
	return m, nil
}

func eachLine(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}
