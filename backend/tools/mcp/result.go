package mcp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/tools"
)

// MaxResultText caps Result.Text: a tool that returns megabytes would fill
// the model's context (and the database) with one answer.
const MaxResultText = tools.MaxResultText

// toResult converts what a tool returned: text parts joined by blank lines,
// other content described in words, the text capped at MaxResultText.
// Images a model with vision can see are kept too (see keepImage).
func toResult(r *sdk.CallToolResult) (tools.Result, error) {
	var parts []string
	var images []tools.Image
	for _, c := range r.Content {
		part := describeContent(c)
		if im, ok := c.(*sdk.ImageContent); ok {
			if why := keepImage(im, len(images)); why != "" {
				part = strings.TrimSuffix(part, "]") + "; not shown to the model: " + why + "]"
			} else {
				images = append(images, tools.Image{MIME: im.MIMEType, Data: im.Data})
			}
		}
		parts = append(parts, part)
	}
	text := strings.Join(parts, "\n\n")
	res := tools.Result{Text: text, IsError: r.IsError, Bytes: len(text), Images: images}
	if len(text) > MaxResultText {
		res.Text, res.Truncated = tools.CutUTF8(text, MaxResultText), true
	}
	if r.StructuredContent != nil {
		raw, err := json.Marshal(r.StructuredContent)
		if err != nil {
			return tools.Result{}, fmt.Errorf("encode structured content: %w", err)
		}
		res.Structured = raw
	}
	return res, nil
}

// describeContent is a text part as it is, and anything else in words the
// model can use ("[image: image/png, 12.0 KiB]").
func describeContent(c sdk.Content) string {
	switch c := c.(type) {
	case *sdk.TextContent:
		return c.Text
	case *sdk.ImageContent:
		return fmt.Sprintf("[image: %s, %s]", orUnknown(c.MIMEType), size(len(c.Data)))
	case *sdk.AudioContent:
		return fmt.Sprintf("[audio: %s, %s]", orUnknown(c.MIMEType), size(len(c.Data)))
	case *sdk.ResourceLink:
		name := c.Title
		if name == "" {
			name = c.Name
		}
		s := fmt.Sprintf("[resource link: %s <%s>", name, c.URI)
		if c.MIMEType != "" {
			s += ", " + c.MIMEType
		}
		if c.Description != "" {
			s += ": " + c.Description
		}
		return s + "]"
	case *sdk.EmbeddedResource:
		r := c.Resource
		if r == nil {
			return "[resource: empty]"
		}
		if r.Text != "" || len(r.Blob) == 0 {
			// A text resource is content the model can read: give it whole.
			return fmt.Sprintf("[resource <%s>]\n%s", r.URI, r.Text)
		}
		return fmt.Sprintf("[resource <%s>: %s, %s]", r.URI, orUnknown(r.MIMEType), size(len(r.Blob)))
	default:
		return fmt.Sprintf("[%T content]", c)
	}
}

// keepImage says why an image is not given to the model ("" when it is):
// kept is how many of the result's images came before it. The SDK decodes
// the wire's base64, so Data holds the image's own bytes; their type is
// sniffed, since a provider refuses an image whose bytes are not the type
// it is sent as.
func keepImage(im *sdk.ImageContent, kept int) string {
	switch sniffed := http.DetectContentType(im.Data); {
	case !tools.ImageType(im.MIMEType):
		return "only PNG, JPEG, GIF and WebP images are"
	case sniffed != im.MIMEType:
		return "its bytes are " + sniffed + ", not " + im.MIMEType
	case len(im.Data) > tools.MaxImageBytes:
		return fmt.Sprintf("larger than %d MiB", tools.MaxImageBytes>>20)
	case kept >= tools.MaxResultImages:
		return fmt.Sprintf("at most %d images of a result are", tools.MaxResultImages)
	}
	return ""
}

func size(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}

func orUnknown(mime string) string {
	if mime == "" {
		return "unknown type"
	}
	return mime
}
