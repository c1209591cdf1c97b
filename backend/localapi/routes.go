package localapi

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
)

// routes is the API: CORS first (a preflight carries no token), then the
// token, then the endpoint; around them all, what a refused request's body
// still holds is read and dropped.
func (s *Service) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/models", s.listModels)
	mux.HandleFunc("GET /v1/models/{id...}", s.getModel)
	mux.HandleFunc("POST /v1/chat/completions", s.chatCompletions)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	// A known path with another method is a 405 (with Allow), not an
	// unknown URL: the catch-all below would otherwise take it.
	for path, allow := range map[string]string{"/v1/models": "GET, HEAD", "/v1/models/{id...}": "GET, HEAD",
		"/v1/chat/completions": "POST", "/v1/embeddings": "POST"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, &apiError{Status: http.StatusMethodNotAllowed, Type: typeInvalid, Code: "method_not_allowed",
				Message: r.Method + " is not allowed on " + r.URL.Path + ": use " + allow})
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{Status: 404, Type: typeInvalid, Code: "unknown_url",
			Message: "Unknown request URL: " + r.Method + " " + r.URL.Path + ". This server has GET /v1/models, GET /v1/models/{id}, POST /v1/chat/completions and POST /v1/embeddings."})
	})
	return drained(s.cors(s.auth(mux)))
}

// cors answers preflights for allowed origins and marks their answers as
// readable. A request from an origin not on the list is refused (403) even
// when it needs no preflight: a web page must not reach this server unless
// the user allowed its origin. Chrome's private network access asks with
// Access-Control-Request-Private-Network, answered when the origin is allowed.
func (s *Service) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if !s.originAllowed(origin) {
			writeError(w, &apiError{Status: 403, Type: typePermission, Code: "origin_not_allowed",
				Message: "the origin " + origin + " is not allowed: add it to the local API's CORS origins in BookBag's Settings"})
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", req)
			} else {
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			}
			if strings.EqualFold(r.Header.Get("Access-Control-Request-Private-Network"), "true") {
				h.Set("Access-Control-Allow-Private-Network", "true")
			}
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", "Retry-After, X-Should-Retry, X-Request-Id")
		next.ServeHTTP(w, r)
	})
}

func (s *Service) originAllowed(origin string) bool {
	list := *s.origins.Load()
	return slices.Contains(list, "*") || slices.Contains(list, strings.ToLower(strings.TrimRight(origin, "/")))
}

type callerKey struct{}

// auth demands a live bearer token and caps the body.
func (s *Service) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is a bearer.
		scheme, secret, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			writeError(w, &apiError{Status: 401, Type: typeInvalid, Code: "invalid_api_key",
				Message: "You didn't provide an API key. Pass a BookBag local API token as 'Authorization: Bearer bb-…' (create one in Settings → Local API)."})
			return
		}
		c, found, err := s.authenticate(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			writeError(w, fromError(err))
			return
		}
		if !found {
			writeError(w, &apiError{Status: 401, Type: typeInvalid, Code: "invalid_api_key",
				Message: "Incorrect API key provided. The token is unknown or was revoked; create one in BookBag's Settings → Local API."})
			return
		}
		if r.ContentLength > s.limits.MaxBody {
			writeError(w, tooLarge(s.limits.MaxBody))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.limits.MaxBody)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	})
}

// drainLimit is how much of an unread body is read and dropped after the
// answer. Clients that send the whole body before they read (Python's
// httpx, urllib) otherwise meet a reset connection instead of the 401 or
// 413: the server would close with their bytes unread (Go drains only
// 256 KiB itself). A client that waits for 100 Continue sent nothing more.
const drainLimit = 64 << 20

func drained(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := r.Body
		next.ServeHTTP(w, r)
		if r.ContentLength <= drainLimit && !strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
			_, _ = io.CopyN(io.Discard, body, drainLimit)
		}
	})
}

func callerOf(r *http.Request) caller { c, _ := r.Context().Value(callerKey{}).(caller); return c }
