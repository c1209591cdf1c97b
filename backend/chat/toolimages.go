package chat

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"bookbag/backend/llm"
)

// storeToolImages stores the images a tool returned as its tool_output
// message's attachments, content-addressed like a user's images, and
// returns them with the images a model with vision is given: the stored
// ones, so the next request sees what a rebuilt history will. An image
// that cannot be stored is left out (the result's text still names it).
func (s *Service) storeToolImages(ctx context.Context, tool string, in []llm.Image) ([]Attachment, []llm.Image) {
	atts := []Attachment{}
	if s.blobs == nil {
		return atts, nil
	}
	var imgs []llm.Image
	for _, im := range in {
		mime := http.DetectContentType(im.Data)
		if !imageTypes[mime] || len(im.Data) > maxImageBytes {
			continue // the tools service keeps only images of these types and sizes
		}
		ref, err := s.blobs.PutBytes(ctx, im.Data)
		if err != nil {
			s.log.Warn("store tool image", "tool", tool, "err", err)
			continue
		}
		atts = append(atts, Attachment{SHA256: ref.SHA256, Name: fmt.Sprintf("%s-%d.%s", tool, len(atts)+1, strings.TrimPrefix(mime, "image/")),
			MIME: mime, Size: ref.Size})
		imgs = append(imgs, llm.Image{MIME: mime, Data: im.Data})
	}
	return atts, imgs
}
