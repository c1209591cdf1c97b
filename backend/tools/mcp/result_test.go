package mcp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/tools"
)

// A screenshot reaches the result as the image's own bytes (the SDK
// decodes the wire's base64), with words in the text for a model without
// vision.
func TestImageResultsKeepTheImage(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	res, err := h.Call(testCtx(t), "test", "screenshot", json.RawMessage(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Images) != 1 || res.Images[0].MIME != "image/png" {
		t.Fatalf("images %+v", res.Images)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(res.Images[0].Data))
	if err != nil || cfg.Width != 3 || cfg.Height != 2 {
		t.Fatalf("not the 3x2 PNG: %+v, %v", cfg, err)
	}
	if !strings.HasPrefix(res.Text, "the page\n\n[image: image/png, ") || strings.Contains(res.Text, "not shown") {
		t.Fatalf("text %q", res.Text)
	}
}

// Images beyond the limits stay words that say why.
func TestImageResultsAreCapped(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	small := b.Bytes()
	huge := append(slices.Clone(small), make([]byte, tools.MaxImageBytes)...) // after IEND: still a PNG to a sniffer
	content := []sdk.Content{&sdk.TextContent{Text: "shots"}}
	for range tools.MaxResultImages + 1 {
		content = append(content, &sdk.ImageContent{MIMEType: "image/png", Data: small})
	}
	content = append(content,
		&sdk.ImageContent{MIMEType: "image/bmp", Data: small},
		&sdk.ImageContent{MIMEType: "image/jpeg", Data: small},
		&sdk.ImageContent{MIMEType: "image/png", Data: huge})
	res, err := toResult(&sdk.CallToolResult{Content: content})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Images) != tools.MaxResultImages {
		t.Fatalf("%d images kept, want %d", len(res.Images), tools.MaxResultImages)
	}
	for _, want := range []string{
		fmt.Sprintf("[image: image/png, %[1]d bytes]\n\n[image: image/png, %[1]d bytes; not shown to the model: at most 4 images of a result are]", len(small)),
		fmt.Sprintf("[image: image/bmp, %d bytes; not shown to the model: only PNG, JPEG, GIF and WebP images are]", len(small)),
		fmt.Sprintf("[image: image/jpeg, %d bytes; not shown to the model: its bytes are image/png, not image/jpeg]", len(small)),
		"[image: image/png, 5.0 MiB; not shown to the model: larger than 5 MiB]",
	} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Text)
		}
	}
	if strings.Count(res.Text, "[image: ") != tools.MaxResultImages+4 {
		t.Errorf("every image is named in the text: %s", res.Text)
	}
}
