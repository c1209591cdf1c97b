package rag

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// Shared embeddings, for sync: the ingest path calls in here twice
// (addSharedVectors, nameSharedVectors), and both do nothing for a document
// whose workspace is not shared and whose row names no bundle. In a workspace
// shared through a server, the device that indexes a document publishes its
// chunk vectors as one content-addressed file (an embeddings bundle) named by
// the document row (embeddings_sha256, embeddings_ref), so the file travels
// like the document's own file. A member whose workspace embeds with the same
// model reuses those vectors instead of calling the provider again; with
// another model (or a bundle that has not arrived) it embeds itself. Chunks
// themselves are rebuilt from the file on every device: the split is a pure
// function of the text and the workspace's chunk settings, and costs
// milliseconds, while embedding is what costs time and money. Vectors are
// looked up by the SHA-256 of the chunk text, so a chunk that differs (other
// chunk settings, another extractor version) is simply embedded locally.

const bundleMagic = "BBVEC1\n"

// bundleMaxChunks bounds what a bundle may claim (a damaged or hostile file
// must not make us allocate without limit).
const bundleMaxChunks = 1 << 20

// bundle is a decoded embeddings bundle: vectors (encoded as in chunks.embedding)
// by chunk text key.
type bundle struct {
	ref  string
	dims int
	vecs map[textKey][]byte
}

// encodeBundle writes vectors deterministically (sorted by key), so devices
// holding the same vectors produce the same file and the same hash.
func encodeBundle(ref string, dims int, vecs map[textKey][]byte) []byte {
	keys := make([]textKey, 0, len(vecs))
	for k := range vecs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	var b bytes.Buffer
	b.Grow(len(bundleMagic) + 16 + len(ref) + len(keys)*(32+4*dims))
	b.WriteString(bundleMagic)
	b.Write(binary.AppendUvarint(nil, uint64(len(ref))))
	b.WriteString(ref)
	b.Write(binary.AppendUvarint(nil, uint64(dims)))
	b.Write(binary.AppendUvarint(nil, uint64(len(keys))))
	for _, k := range keys {
		b.Write(k[:])
		b.Write(vecs[k])
	}
	return b.Bytes()
}

// decodeBundle reads a bundle, refusing anything malformed.
func decodeBundle(r io.Reader) (bundle, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(bundleMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != bundleMagic {
		return bundle{}, errors.New("decode embeddings: not an embeddings file")
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1024 {
		return bundle{}, errors.New("decode embeddings: bad model name")
	}
	ref := make([]byte, n)
	if _, err := io.ReadFull(br, ref); err != nil {
		return bundle{}, fmt.Errorf("decode embeddings: %w", err)
	}
	dims, err := binary.ReadUvarint(br)
	if err != nil || dims == 0 || dims > 1<<16 {
		return bundle{}, errors.New("decode embeddings: bad dimensions")
	}
	count, err := binary.ReadUvarint(br)
	if err != nil || count > bundleMaxChunks {
		return bundle{}, errors.New("decode embeddings: bad count")
	}
	out := bundle{ref: string(ref), dims: int(dims), vecs: make(map[textKey][]byte, min(count, 4096))}
	for range count {
		var k textKey
		if _, err := io.ReadFull(br, k[:]); err != nil {
			return bundle{}, fmt.Errorf("decode embeddings: %w", err)
		}
		v := make([]byte, 4*dims)
		if _, err := io.ReadFull(br, v); err != nil {
			return bundle{}, fmt.Errorf("decode embeddings: %w", err)
		}
		out.vecs[k] = v
	}
	return out, nil
}

// addSharedVectors adds to vecs (by chunk text key) the vectors another
// member published for the document with model ref, where vecs has none:
// a document that came from a shared workspace is not embedded again.
func (s *Service) addSharedVectors(ctx context.Context, docID, ref string, vecs map[textKey][]byte) {
	for k, v := range s.sharedVectors(ctx, docID, ref) {
		if _, ok := vecs[k]; !ok {
			vecs[k] = v
		}
	}
}

// nameSharedVectors adds to vals, the row values that complete an ingested
// document, the bundle of its new vectors when they are to be published
// (bundleValues), so that the completed row goes out once, naming them.
// The returned func settles the files once the caller knows whether the
// row was written: the bundle it replaced, or the one it never came to
// name, is deleted unless something else uses it.
func (s *Service) nameSharedVectors(ctx context.Context, docID string, res ingestResult, vals store.Values) func(written bool) {
	if len(res.vectors) == 0 {
		return func(bool) {}
	}
	bv, old, err := s.bundleValues(ctx, docID, res.embedRef, false)
	if err != nil {
		s.log.Warn("share embeddings", "doc", docID, "err", err)
	}
	if bv == nil {
		return func(bool) {}
	}
	for k, v := range bv {
		vals[k] = v
	}
	named := bv["embeddings_sha256"].(string)
	return func(written bool) {
		switch {
		case !written:
			s.removeUnusedFiles(ctx, named)
		case old != "":
			s.removeUnusedFiles(ctx, old)
		}
	}
}

// sharedVectors returns the vectors another member published for a
// document, when they were made with ref; nil otherwise (no bundle, another
// model, the file not here or unreadable).
func (s *Service) sharedVectors(ctx context.Context, docID, ref string) map[textKey][]byte {
	var sum, bref string
	err := s.db.R.QueryRowContext(ctx, `SELECT embeddings_sha256, embeddings_ref FROM documents WHERE id = ?`, docID).Scan(&sum, &bref)
	if err != nil || sum == "" || bref != ref {
		return nil
	}
	f, err := s.blobs.Open(sum)
	if err != nil {
		return nil // not downloaded (yet): embed here
	}
	defer f.Close()
	b, err := decodeBundle(f)
	if err != nil || b.ref != ref || (RefDimensions(ref) != 0 && b.dims != RefDimensions(ref)) {
		s.log.Warn("shared embeddings unusable", "doc", docID, "err", err)
		return nil
	}
	return b.vecs
}

// publishEmbeddings writes the document's vectors for ref as a bundle and
// names it in the document row (a synced write), when the workspace is
// shared and the bundle differs from the one named there. It never runs in
// response to a pull, so members cannot keep overwriting each other.
// With always set it does not ask whether the workspace is shared (it is
// becoming so).
func (s *Service) publishEmbeddings(ctx context.Context, docID, ref string, always bool) error {
	vals, old, err := s.bundleValues(ctx, docID, ref, always)
	if err != nil || vals == nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Update(ctx, "documents", docID, vals) })
	if err != nil {
		s.removeUnusedFiles(ctx, vals["embeddings_sha256"].(string))
		return fmt.Errorf("name shared embeddings: %w", err)
	}
	if old != "" {
		s.removeUnusedFiles(ctx, old)
	}
	return nil
}

// bundleValues stores the document's vectors for ref as a bundle when they
// are to be published, and returns the row values naming it (nil: nothing to
// publish) and the bundle the row named before. The caller writes the values
// (with the document's completion, so the row goes out once, naming them).
func (s *Service) bundleValues(ctx context.Context, docID, ref string, always bool) (store.Values, string, error) {
	if ref == "" || (s.shared == nil && !always) {
		return nil, "", nil
	}
	var ws, cur, curRef, chat, device string
	err := s.db.R.QueryRowContext(ctx, `SELECT workspace_id, embeddings_sha256, embeddings_ref, COALESCE(chat_id, ''), device_id
		FROM documents WHERE id = ? AND deleted_at IS NULL`, docID).Scan(&ws, &cur, &curRef, &chat, &device)
	if err != nil || (!always && !s.shared(ctx, ws)) {
		return nil, "", nil
	}
	// A member replaces what another device published only for a workspace
	// document without vectors of this model yet; a chat's documents are
	// changed by the chat's author alone (the server would refuse).
	mine := device == s.db.Identity().DeviceID
	if !always && !mine && (chat != "" || (cur != "" && curRef == ref)) {
		return nil, "", nil
	}
	vecs, err := s.storedEmbeddings(ctx, docID, ref)
	if err != nil {
		return nil, "", err
	}
	// One length for all (a vector of another length would make the file
	// unreadable): the first one's.
	dims := 0
	for k, v := range vecs {
		if dims == 0 {
			dims = len(v) / 4
		}
		if dims == 0 || len(v) != 4*dims {
			delete(vecs, k)
		}
	}
	if len(vecs) == 0 {
		return nil, "", nil
	}
	data := encodeBundle(ref, dims, vecs)
	sum := sha256.Sum256(data)
	if fmt.Sprintf("%x", sum) == cur {
		return nil, "", nil
	}
	if int64(len(data)) > s.blobs.MaxSize() {
		s.log.Warn("embeddings too large to share", "doc", docID, "bytes", len(data))
		return nil, "", nil
	}
	put, err := s.blobs.PutBytes(ctx, data)
	if err != nil {
		return nil, "", fmt.Errorf("store embeddings: %w", err)
	}
	return store.Values{"embeddings_sha256": put.SHA256, "embeddings_ref": ref}, cur, nil
}

// PublishEmbeddings publishes the vectors of a workspace's indexed documents
// (when the workspace becomes shared: documents indexed before carry none).
func (s *Service) PublishEmbeddings(ctx context.Context, workspaceID string) error {
	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil || st.EmbeddingModel == "" {
		return err
	}
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM documents WHERE workspace_id = ? AND deleted_at IS NULL
		AND status = 'completed' ORDER BY created_at`, workspaceID)
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	for _, id := range ids {
		if err := s.publishEmbeddings(ctx, id, st.EmbeddingModel, true); err != nil {
			return err
		}
	}
	return nil
}
