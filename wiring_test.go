package main

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/models"
)

// A provider's errors carry the name the person gave it, through the
// factory the models domain builds clients with.
func TestProviderFactoryNamesTheProvider(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-right"))
	c, err := providerFactory(models.ProviderConfig{Preset: "custom", Name: "Office vLLM", BaseURL: srv.OpenAIURL(), APIKey: "sk-wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Models(context.Background())
	if msg := apperr.MessageOf(err); !strings.Contains(msg, "Office vLLM") {
		t.Fatalf("error %q does not name the provider", msg)
	}
}
