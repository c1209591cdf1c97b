// Package rank is the pure maths of retrieval: how queries and chunk texts
// are tokenized and stemmed as SQLite's FTS5 index does it (porter over
// unicode61 with diacritics folded), which query words and compound parts a
// keyword search ranks by, the BM25F rescoring of its candidates with the
// answer kinds a question asks for, reciprocal rank fusion, and the
// exhaustive nearest-neighbour scan over unit vectors.
//
// It reads no database and imports nothing of rag: package rag runs the
// SQL (candidates, document frequencies, the index's statistics) and hands
// the numbers and texts here, so the ranking can be read, tuned and tested
// on its own.
package rank
