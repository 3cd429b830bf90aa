package central_test

import (
	"encoding/json"
	"strings"
	"testing"

	"servicehall/sync/central"
	"servicehall/sync/wire"
)

func TestSyncOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(wire.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	served := map[string]bool{}
	for _, r := range central.NewServer(nil, nil).Routes() {
		method, path, _ := strings.Cut(r, " ")
		served[strings.ToLower(method)+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("served %s is not documented", r)
		}
	}
	for path, ops := range doc.Paths {
		for m := range ops {
			if !served[m+" "+path] {
				t.Errorf("documented %s %s is not served", m, path)
			}
		}
	}
}
