package chat

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/llm"
)

var imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/webp": true, "image/gif": true}

// storeAttachments saves images content-addressed and describes them. The
// type is sniffed from the bytes, not trusted from the name.
func (s *Service) storeAttachments(ctx context.Context, in []AttachmentInput) ([]Attachment, error) {
	if len(in) == 0 {
		return []Attachment{}, nil
	}
	if len(in) > maxAttachments {
		return nil, apperr.New(apperr.Invalid, "at most %d images per message", maxAttachments)
	}
	if s.blobs == nil {
		return nil, apperr.New(apperr.Unavailable, "attachments are not available")
	}
	out := make([]Attachment, 0, len(in))
	for _, a := range in {
		var head []byte
		switch {
		case len(a.Data) > 0:
			if len(a.Data) > maxImageBytes {
				return nil, apperr.New(apperr.Invalid, "%s is larger than %d MB", a.Name, maxImageBytes>>20)
			}
			head = a.Data
		case a.Path != "":
			b, err := readHead(a.Path)
			if err != nil {
				return nil, apperr.Wrap(err, apperr.Invalid, "could not read %s", filepath.Base(a.Path))
			}
			head = b
			if a.Name == "" {
				a.Name = filepath.Base(a.Path)
			}
		default:
			return nil, apperr.New(apperr.Invalid, "an attachment has no content")
		}
		mime := http.DetectContentType(head)
		if !imageTypes[mime] {
			return nil, apperr.New(apperr.Invalid, "%s is not a PNG, JPEG, WebP or GIF image", nameOr(a.Name))
		}
		var ref blob.Ref
		var err error
		if len(a.Data) > 0 {
			ref, err = s.blobs.PutBytes(ctx, a.Data)
		} else {
			ref, err = s.blobs.PutFile(ctx, a.Path)
		}
		sum, size := ref.SHA256, ref.Size
		if err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "could not store %s", nameOr(a.Name))
		}
		if size > maxImageBytes {
			return nil, apperr.New(apperr.Invalid, "%s is larger than %d MB", nameOr(a.Name), maxImageBytes>>20)
		}
		out = append(out, Attachment{SHA256: sum, Name: nameOr(a.Name), MIME: mime, Size: size})
	}
	return out, nil
}

func nameOr(n string) string {
	if strings.TrimSpace(n) == "" {
		return "image"
	}
	return n
}

func readHead(path string) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, 512)
	n, err := io.ReadFull(f, b)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return b[:n], nil
}

// loadImage reads an attachment's bytes for a request.
func (s *Service) loadImage(a Attachment) (llm.Image, bool) {
	if a.Missing || a.SHA256 == "" || s.blobs == nil || !imageTypes[a.MIME] {
		return llm.Image{}, false
	}
	r, err := s.blobs.Open(a.SHA256)
	if err != nil {
		s.log.Warn("open attachment", "sha256", a.SHA256, "err", err)
		return llm.Image{}, false
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil || len(b) > maxImageBytes {
		return llm.Image{}, false
	}
	return llm.Image{MIME: a.MIME, Data: b}, true
}

// Attachment returns an attachment's bytes for display.
func (s *Service) Attachment(sha256 string) ([]byte, string, error) {
	if s.blobs == nil {
		return nil, "", apperr.New(apperr.NotFound, "attachment not found")
	}
	r, err := s.blobs.Open(sha256)
	if err != nil {
		return nil, "", apperr.Wrap(err, apperr.NotFound, "attachment not found")
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil {
		return nil, "", err
	}
	return b, http.DetectContentType(b), nil
}
