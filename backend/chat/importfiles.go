package chat

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"bookbag/backend/store"
)

// exportFiles are the files a ChatGPT export's zip carries beside
// conversations.json (uploaded images at its top, generated ones under
// dalle-generations/ or user-…/), by the file id their asset pointers name.
type exportFiles map[string]*zip.File

func indexExportFiles(zr *zip.Reader) exportFiles {
	out := exportFiles{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if id := exportFileID(path.Base(f.Name)); id != "" && out[id] == nil {
			out[id] = f
		}
	}
	return out
}

// exportFileID is the file id a zip entry's name starts with:
// "file-AbC12-photo.png" holds file-AbC12 and "file_00ab-….png" file_00ab.
func exportFileID(base string) string {
	if !strings.HasPrefix(base, "file-") && !strings.HasPrefix(base, "file_") {
		return ""
	}
	rest := base[5:]
	if i := strings.IndexAny(rest, "-."); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" {
		return ""
	}
	return base[:5] + rest
}

// pointerFileID is the file id of an asset pointer (file-service://file-…,
// sediment://file_…).
func pointerFileID(ref string) string {
	for _, scheme := range []string{"file-service://", "sediment://"} {
		if id, ok := strings.CutPrefix(ref, scheme); ok {
			return id
		}
	}
	return ""
}

// importedFiles copies the images an import's messages point to out of the
// export's zip into the file store, and remembers which files the open
// batch added so a batch rolled back can take them back.
type importedFiles struct {
	svc    *Service
	files  exportFiles
	added  []string
	filled int // messages imported before that got their images now
}

// attach fills in the bytes of m's missing images that the zip carries; an
// image the zip lacks, or cannot give whole, stays missing.
func (f *importedFiles) attach(ctx context.Context, m *fileMessage, w *warnings) error {
	if len(f.files) == 0 || f.svc.blobs == nil {
		return nil
	}
	for i := range m.Attachments {
		a := &m.Attachments[i]
		zf := f.files[pointerFileID(a.Ref)]
		if !a.Missing || zf == nil || !isImageRef(*a) {
			continue
		}
		if zf.UncompressedSize64 > maxImageBytes {
			w.add("images larger than %d MB were left out", maxImageBytes>>20)
			continue
		}
		b, err := readZipFile(zf)
		if err != nil {
			w.add("%s could not be read from the archive (%v); it was left out", path.Base(zf.Name), err)
			continue
		}
		sum := sha256.Sum256(b)
		had, err := f.svc.blobs.Has(hex.EncodeToString(sum[:]))
		if err != nil {
			return fmt.Errorf("store image: %w", err)
		}
		ref, err := f.svc.blobs.PutBytes(ctx, b)
		if err != nil {
			return fmt.Errorf("store image: %w", err)
		}
		if !had {
			f.added = append(f.added, ref.SHA256)
		}
		a.SHA256, a.Size, a.Missing = ref.SHA256, ref.Size, false
		if a.MIME == "" {
			a.MIME = http.DetectContentType(b)
		}
	}
	return nil
}

// isImageRef reports whether an attachment may be an image: other files
// (a PDF given to ChatGPT) stay references, since a chat shows and sends
// images only (documents are added on the Documents page).
func isImageRef(a Attachment) bool {
	return a.MIME == "" || strings.HasPrefix(a.MIME, "image/")
}

// fill gives a message imported before without its images (from a bare
// conversations.json) those this zip carries; stored is its attachments
// column.
func (f *importedFiles) fill(ctx context.Context, tx *store.Tx, id, stored string, w *warnings) error {
	if len(f.files) == 0 || !strings.Contains(stored, `"missing":true`) {
		return nil
	}
	m := fileMessage{}
	if json.Unmarshal([]byte(stored), &m.Attachments) != nil {
		return nil
	}
	missing := func() (n int) {
		for _, a := range m.Attachments {
			if a.Missing {
				n++
			}
		}
		return n
	}
	before := missing()
	if err := f.attach(ctx, &m, w); err != nil {
		return err
	}
	if missing() == before {
		return nil
	}
	b, _ := json.Marshal(m.Attachments)
	if err := tx.Update(ctx, "messages", id, store.Values{"attachments": string(b)}); err != nil {
		return fmt.Errorf("add images: %w", err)
	}
	f.filled++
	w.add("images the zip carries were added to messages imported before without them")
	return nil
}

// keep makes the files added so far the import's for good: the batch that
// names them committed.
func (f *importedFiles) keep() { f.added = nil }

// undo removes the files the import added since its last committed batch
// (that batch failed or was cancelled).
func (f *importedFiles) undo() {
	for _, sum := range f.added {
		if err := f.svc.blobs.Delete(sum); err != nil {
			f.svc.log.Warn("remove image of a failed import", "sha256", sum, "err", err)
		}
	}
	f.added = nil
}

// readZipFile reads a whole entry (its checksum is checked at the end).
func readZipFile(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxImageBytes {
		return nil, fmt.Errorf("larger than %d MB", maxImageBytes>>20)
	}
	return b, nil
}
