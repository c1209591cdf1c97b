// Command bookbag-eval scores the app's retrieval on a folder of documents
// and a JSON Lines question file (the format of ../shared/corpus):
//
//	bookbag-eval -docs DIR -questions FILE [-embedder none|ollama:MODEL|openai:MODEL] [-base-url URL]
//	             [-rerank-model ollama:MODEL|openai:MODEL] [-rerank-url URL] [-check]
//
// It ingests every file of DIR (not subfolders) into a fresh temporary data
// dir through the same Service the app uses, answers each question
// with the app's retrieval (top 10; with -rerank-model, the top 30
// re-ranked by that chat model as a workspace with re-ranking on does), and prints JSON Lines on stdout: one
// object per document in file-name order, then one summary line. Logs go to
// stderr. With -check it also prints {"check": …}, the Documents page's
// search check on the ingested folder (-questions is then optional). It
// exits 0 whenever it could run, also when documents failed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"bookbag/backend/rag/extract"
)

func main() {
	extract.RunChildIfRequested() // the PDF child re-executes this binary
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bookbag-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	docs := fs.String("docs", "", "folder of documents to ingest (files only, not subfolders)")
	questions := fs.String("questions", "", "JSON Lines question file")
	embedder := fs.String("embedder", "none", "none, ollama:MODEL or openai:MODEL")
	baseURL := fs.String("base-url", "", "provider base URL (default: the provider's usual one)")
	rerankModel := fs.String("rerank-model", "", "re-rank the top 30 with this chat model: ollama:MODEL or openai:MODEL")
	rerankURL := fs.String("rerank-url", "", "the re-ranking model's base URL, e.g. http://127.0.0.1:11434 or an OpenAI-compatible .../v1")
	check := fs.Bool("check", false, "also run the search check (keywords, the embedding model and hybrid on look-ups from the documents)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *docs == "" || (*questions == "" && !*check) || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: bookbag-eval -docs DIR -questions FILE [-embedder none|ollama:MODEL|openai:MODEL] [-base-url URL] "+
			"[-rerank-model ollama:MODEL|openai:MODEL] [-rerank-url URL] [-check]")
		return 2
	}
	level := slog.LevelInfo
	if os.Getenv("BOOKBAG_EVAL_DEBUG") != "" {
		level = slog.LevelDebug // also print the top hits of every question not ranked first
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg := config{Docs: *docs, Questions: *questions, Embedder: *embedder, BaseURL: *baseURL,
		RerankModel: *rerankModel, RerankURL: *rerankURL, Check: *check}
	if err := evaluate(ctx, cfg, stdout, log); err != nil {
		fmt.Fprintln(stderr, "bookbag-eval:", err)
		return 1
	}
	return 0
}
