package hub

import _ "embed"

// OpenAPI is the hall LAN API described as an OpenAPI 3 document (openapi.json beside
// this file). A test checks it names every route the server serves.
//
//go:embed openapi.json
var OpenAPI []byte
