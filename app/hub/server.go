package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"servicehall/app"
)

// DefaultMaxBody caps a request body; larger ones get 413 and nothing is stored.
const DefaultMaxBody = 64 << 10

// DefaultHeartbeat is how often an idle event stream sends a comment line, so proxies
// keep it open and a client notices a dead hub.
const DefaultHeartbeat = 15 * time.Second

// Server serves the hall LAN API under /api/v1.
type Server struct {
	Hall   *Hall
	Logger *slog.Logger
	// MaxBody caps request bodies (DefaultMaxBody when 0).
	MaxBody int64
	// Heartbeat of idle event streams (DefaultHeartbeat when 0).
	Heartbeat time.Duration

	ln     net.Listener
	srv    *http.Server
	ctx    context.Context
	cancel context.CancelFunc
}

// NewServer returns a server for hall h.
func NewServer(h *Hall, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{Hall: h, Logger: logger, ctx: ctx, cancel: cancel}
}

// permissions: which roles may call which route. Health needs no token at all.
var (
	anyRole     = []app.Role{app.RoleKiosk, app.RoleCounter, app.RoleBoard, app.RoleAdmin}
	issuers     = []app.Role{app.RoleKiosk, app.RoleCounter, app.RoleAdmin}
	windowRoles = []app.Role{app.RoleCounter, app.RoleAdmin}
)

// APIPrefix is where the API lives.
const APIPrefix = "/api/v1"

// Route is one endpoint of the API.
type Route struct {
	Method, Path string // Path below APIPrefix, with {name} wildcards
	Handler      http.Handler
}

// routes lists every endpoint; the OpenAPI test walks the same list.
func (s *Server) routes() []Route {
	return append([]Route{
		{"GET", "/health", http.HandlerFunc(s.health)},
		{"GET", "/services", s.auth(anyRole, s.services)},
		{"POST", "/tickets", s.auth(issuers, s.issueTicket)},
		{"POST", "/tickets/{id}/finish", s.auth(windowRoles, s.finishTicket)},
		{"POST", "/windows/{n}/call", s.auth(windowRoles, s.callNext)},
		{"GET", "/events", s.auth(anyRole, s.events)},
	}, append(append(append(s.queueRoutes(), s.applicationRoutes()...), s.syncRoutes()...), s.feedbackRoutes()...)...)
}

// Handler returns the API's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+APIPrefix+rt.Path, rt.Handler)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, app.Errorf(app.ENOTFOUND, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	return s.logRequests(mux)
}

// Open listens on addr (e.g. 127.0.0.1:8470; port 0 picks a free one) and serves in the
// background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("hub server stopped", "err", err)
		}
	}()
	return nil
}

// URL is the server's base URL, e.g. http://127.0.0.1:8470.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close ends event streams and shuts the server down.
func (s *Server) Close() error {
	s.cancel()
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

type terminalKey struct{}

// TerminalFrom returns the terminal that made the request.
func TerminalFrom(ctx context.Context) (app.Terminal, bool) {
	t, ok := ctx.Value(terminalKey{}).(app.Terminal)
	return t, ok
}

func (s *Server) auth(roles []app.Role, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			writeError(w, app.Errorf(app.EUNAUTHORIZED, "a terminal token is required (Authorization: Bearer …)"))
			return
		}
		t, err := s.Hall.store.TerminalByToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			writeError(w, err)
			return
		}
		allowed := false
		for _, role := range roles {
			allowed = allowed || t.Role == role
		}
		if !allowed {
			writeError(w, app.Errorf(app.EFORBIDDEN, "a %s terminal may not do this", t.Role))
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), terminalKey{}, t)))
	})
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	h, err := s.Hall.Health(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) services(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("q") {
		s.searchServices(w, r)
		return
	}
	list, err := s.Hall.Services(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) issueTicket(w http.ResponseWriter, r *http.Request) {
	var req app.IssueRequest
	if !s.decode(w, r, &req) {
		return
	}
	t, err := s.Hall.IssueTicket(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) callNext(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		writeError(w, app.Errorf(app.EINVALID, "window must be a positive number").WithField("n"))
		return
	}
	t, err := s.Hall.CallNext(r.Context(), n)
	if err != nil {
		writeError(w, err)
		return
	}
	if t == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) finishTicket(w http.ResponseWriter, r *http.Request) {
	t, err := s.Hall.FinishTicket(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// events streams hall events as Server-Sent Events. A client that reconnects with
// Last-Event-ID first gets the events it missed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, app.Errorf(app.EINTERNAL, "streaming unsupported"))
		return
	}
	after := int64(-1)
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			after = n
		}
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-s.ctx.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	ch := s.Hall.events.Subscribe(ctx, after)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": servicehall events\n\n")
	fl.Flush()
	beat := s.Heartbeat
	if beat <= 0 {
		beat = DefaultHeartbeat
	}
	tick := time.NewTicker(beat)
	defer tick.Stop()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return
			}
			data, _ := json.Marshal(e)
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Type, data); err != nil {
				return
			}
			fl.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-ctx.Done():
			return
		}
	}
}

// decode reads a JSON body into v, answering 413 / 400 itself when it cannot.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	max := s.MaxBody
	if max <= 0 {
		max = DefaultMaxBody
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, app.Errorf(app.ETOOLARGE, "request body over %d bytes", max))
		} else {
			writeErrorStatus(w, http.StatusBadRequest, app.Errorf(app.EINVALID, "request body is not valid JSON: %v", err))
		}
		return false
	}
	return true
}

// StatusOf maps an error code to its HTTP status.
func StatusOf(code string) int {
	switch code {
	case app.EINVALID:
		return http.StatusUnprocessableEntity
	case app.ENOTFOUND:
		return http.StatusNotFound
	case app.ECONFLICT:
		return http.StatusConflict
	case app.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case app.EFORBIDDEN:
		return http.StatusForbidden
	case app.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case app.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error app.Error `json:"error"`
}

func writeError(w http.ResponseWriter, err error) {
	writeErrorStatus(w, StatusOf(app.ErrorCode(err)), err)
}

// writeErrorStatus answers {"error":{"code","message","field"}}; internal errors say
// nothing of their cause to the client.
func writeErrorStatus(w http.ResponseWriter, status int, err error) {
	code := app.ErrorCode(err)
	e := app.Error{Code: code, Message: app.ErrorMessage(err)}
	var ae *app.Error
	if errors.As(err, &ae) {
		e.Field, e.Fields = ae.Field, ae.Fields
	}
	writeJSON(w, status, errorBody{Error: e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// logRequests logs one line per request: method, path, status, time. Paths carry record
// IDs only, never personal data; bodies are never logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/api/v1/health" && sw.status == http.StatusOK {
			return // health is probed often; only failures are worth a line
		}
		s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}
