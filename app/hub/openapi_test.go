package hub

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes fails when a route is served but not documented, or documented
// but not served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	h := NewServer(NewHall(nil), nil).Handler()
	for path, ops := range doc.Paths {
		for method := range ops {
			p := strings.NewReplacer("{id}", "x", "{n}", "1").Replace(path)
			req := httptest.NewRequest(strings.ToUpper(method), "/api/v1"+p, nil)
			rec := httptest.NewRecorder()
			func() {
				defer func() { recover() }() // a nil store panics past routing: that means served
				h.ServeHTTP(rec, req)
			}()
			if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
				t.Errorf("documented %s %s is not served (%d)", method, path, rec.Code)
			}
		}
	}
	for _, r := range NewServer(NewHall(nil), nil).routes() {
		if _, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("served %s %s is not documented", r.Method, r.Path)
		}
	}
}
