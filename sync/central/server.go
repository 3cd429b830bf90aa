package central

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"servicehall/app"
	"servicehall/sync/wire"
)

// DefaultMaxPushBody caps a push body after decompression.
const DefaultMaxPushBody = 32 << 20

// Server is central's HTTP API.
type Server struct {
	Store  *Store
	Logger *slog.Logger
	// Fault, when set, runs before every request and may answer it instead (tests inject
	// dropped replies and 5xx storms with it). nil in production.
	Fault func(w http.ResponseWriter, r *http.Request) bool
	// TLSCert and TLSKey, when set, make Open serve HTTPS (PEM files).
	TLSCert, TLSKey string

	ln  net.Listener
	srv *http.Server
}

// NewServer returns a server over store.
func NewServer(store *Store, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	return &Server{Store: store, Logger: logger}
}

// Route is one endpoint of central: "METHOD /path" and its handler.
type Route struct {
	Pattern string
	Handler http.Handler
}

// routes lists every endpoint; the OpenAPI test walks the same list.
func (s *Server) routes() []Route {
	return []Route{
		{"GET " + wire.PathHealth, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, wire.Health{Protocol: wire.ProtocolVersion, Status: "ok", ServerTime: s.Store.Now().UTC()})
		})},
		{"POST " + wire.PathEnrol, http.HandlerFunc(s.enrol)},
		{"POST " + wire.PathPush, gzipped(http.HandlerFunc(s.push))},
		{"GET " + wire.PathPull, gzipped(http.HandlerFunc(s.pull))},
		{"GET /api/v1/admin/halls/{code}/summary", http.HandlerFunc(s.summary)},
		{"POST /api/v1/admin/notices", s.admin(s.addNotice)},
		{"POST /api/v1/admin/services", s.admin(s.addService)},
		{"POST /api/v1/admin/halls/{code}/bookings", s.admin(s.addBooking)},
		{"POST /api/v1/admin/applications/{tracking}/advance", s.admin(s.advance)},
		{"GET /s/{tracking}", http.HandlerFunc(s.statusPage)},
	}
}

// Routes lists central's endpoints as "METHOD /path" (for the OpenAPI check).
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.routes() {
		out = append(out, r.Pattern)
	}
	return out
}

// Handler returns central's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, app.ENOTFOUND, "no such endpoint")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Fault != nil && s.Fault(w, r) {
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// Open listens on addr and serves in the background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	if s.TLSCert != "" || s.TLSKey != "" {
		cert, err := tls.LoadX509KeyPair(s.TLSCert, s.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.ln = tls.NewListener(ln, s.srv.TLSConfig)
		ln = s.ln
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("central server stopped", "err", err)
		}
	}()
	return nil
}

// URL is the server's base URL.
func (s *Server) URL() string {
	if s.TLSCert != "" {
		return "https://" + s.ln.Addr().String()
	}
	return "http://" + s.ln.Addr().String()
}

// Close shuts the server down.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

func bearer(r *http.Request) string {
	t, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return strings.TrimSpace(t)
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	hall, err := s.Store.HallByToken(r.Context(), bearer(r))
	if err != nil {
		writeError(w, http.StatusUnauthorized, app.EUNAUTHORIZED, "unknown hall token")
		return
	}
	body := io.Reader(http.MaxBytesReader(w, r.Body, DefaultMaxPushBody))
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		gz, err := gzip.NewReader(body)
		if err != nil {
			writeError(w, http.StatusBadRequest, app.EINVALID, "bad gzip body")
			return
		}
		defer gz.Close()
		body = io.LimitReader(gz, DefaultMaxPushBody)
	}
	var req wire.PushRequest
	if err := json.NewDecoder(body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, app.EINVALID, "push body is not valid JSON")
		return
	}
	if req.Hall != "" && req.Hall != hall {
		writeError(w, http.StatusForbidden, app.EFORBIDDEN, fmt.Sprintf("token belongs to hall %s, batch says %s", hall, req.Hall))
		return
	}
	if len(req.Records) > wire.MaxBatch {
		writeError(w, http.StatusRequestEntityTooLarge, app.ETOOLARGE, fmt.Sprintf("at most %d records per push", wire.MaxBatch))
		return
	}
	results, err := s.Store.Push(r.Context(), hall, req)
	if err != nil {
		s.Logger.Error("push", "hall", hall, "err", err)
		writeError(w, http.StatusInternalServerError, app.EINTERNAL, "could not store the batch")
		return
	}
	stored := 0
	for _, res := range results {
		if res.Status == wire.Stored {
			stored++
		}
	}
	s.Logger.Info("push", "hall", hall, "records", len(req.Records), "stored", stored)
	writeJSON(w, http.StatusOK, wire.PushResponse{Protocol: wire.ProtocolVersion, Results: results, ServerTime: s.Store.Now().UTC()})
}

func (s *Server) summary(w http.ResponseWriter, r *http.Request) {
	ok, err := s.Store.IsAdmin(r.Context(), bearer(r))
	if err != nil || !ok {
		writeError(w, http.StatusUnauthorized, app.EUNAUTHORIZED, "an administrator token is required")
		return
	}
	sum, err := s.Store.HallSummary(r.Context(), r.PathValue("code"))
	if app.ErrorCode(err) == app.ENOTFOUND {
		writeError(w, http.StatusNotFound, app.ENOTFOUND, app.ErrorMessage(err))
		return
	} else if err != nil {
		writeError(w, http.StatusInternalServerError, app.EINTERNAL, "could not read the summary")
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e wire.Error
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// gzipped compresses the answers of clients that accept gzip (Go's HTTP client asks for
// it by itself): push results and pull pages are large and repetitive, and a township's
// link is slow.
func gzipped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		zw := gzip.NewWriter(w)
		defer zw.Close()
		next.ServeHTTP(gzipWriter{ResponseWriter: w, w: zw}, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	w *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.w.Write(b) }
