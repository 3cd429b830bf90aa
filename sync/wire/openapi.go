package wire

import _ "embed"

// OpenAPI describes the sync API as an OpenAPI 3 document (openapi.json beside this
// file). A test in sync/central checks it names every route central serves.
//
//go:embed openapi.json
var OpenAPI []byte
