package central

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"servicehall/app"
	"servicehall/sync/wire"
)

// admin wraps a handler that needs an administrator token.
func (s *Server) admin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ok, err := s.Store.IsAdmin(r.Context(), bearer(r))
		if err != nil || !ok {
			writeError(w, http.StatusUnauthorized, app.EUNAUTHORIZED, "an administrator token is required")
			return
		}
		next(w, r)
	}
}

// writeAppError answers with the status of an *app.Error's code.
func writeAppError(w http.ResponseWriter, err error) {
	code := app.ErrorCode(err)
	status := map[string]int{app.EINVALID: 422, app.ENOTFOUND: 404, app.ECONFLICT: 409, app.EFORBIDDEN: 403,
		app.EUNAUTHORIZED: 401, app.ETOOLARGE: 413}[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	writeError(w, status, code, app.ErrorMessage(err))
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, app.EINVALID, "body is not valid JSON")
		return false
	}
	return true
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	var req wire.EnrolRequest
	if !decodeBody(w, r, &req) {
		return
	}
	cred, err := s.Store.Enrol(r.Context(), req.Hall, req.Code)
	if err != nil {
		s.Logger.Warn("enrolment refused", "hall", req.Hall, "err", app.ErrorMessage(err))
		writeAppError(w, err)
		return
	}
	s.Logger.Info("hall enrolled", "hall", req.Hall)
	writeJSON(w, http.StatusOK, wire.EnrolResponse{Protocol: wire.ProtocolVersion, Hall: req.Hall, Credential: cred})
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	hall, err := s.Store.HallByToken(r.Context(), bearer(r))
	if err != nil {
		writeError(w, http.StatusUnauthorized, app.EUNAUTHORIZED, "unknown hall credential")
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	page, err := s.Store.Pull(r.Context(), hall, after, limit)
	if err != nil {
		s.Logger.Error("pull", "hall", hall, "err", err)
		writeError(w, http.StatusInternalServerError, app.EINTERNAL, "could not read the feed")
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) addNotice(w http.ResponseWriter, r *http.Request) {
	var n wire.Notice
	if !decodeBody(w, r, &n) {
		return
	}
	if strings.TrimSpace(n.Title) == "" {
		writeError(w, http.StatusUnprocessableEntity, app.EINVALID, "a notice needs a title")
		return
	}
	if n.ID == "" {
		n.ID = app.NewToken()[:22]
	}
	if n.PublishedAt.IsZero() {
		n.PublishedAt = time.Now().UTC()
	}
	ch, err := s.Store.Publish(r.Context(), "", wire.KindNotice, n.ID, n)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, ch)
}

func (s *Server) addService(w http.ResponseWriter, r *http.Request) {
	var svc app.CatalogueService
	if !decodeBody(w, r, &svc) {
		return
	}
	if svc.Code == "" || svc.Name == "" {
		writeError(w, http.StatusUnprocessableEntity, app.EINVALID, "a service needs a code and a name")
		return
	}
	ch, err := s.Store.Publish(r.Context(), "", wire.KindService, app.ServiceID(svc.Code), svc)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, ch)
}

func (s *Server) addBooking(w http.ResponseWriter, r *http.Request) {
	hall := r.PathValue("code")
	if ok, err := s.Store.HallExists(r.Context(), hall); err != nil || !ok {
		writeError(w, http.StatusNotFound, app.ENOTFOUND, "no hall "+hall)
		return
	}
	var b map[string]any
	if !decodeBody(w, r, &b) {
		return
	}
	id, _ := b["id"].(string)
	if id == "" {
		id = app.NewToken()[:22]
		b["id"] = id
	}
	ch, err := s.Store.Publish(r.Context(), hall, wire.KindBooking, id, b)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, ch)
}

func (s *Server) advance(w http.ResponseWriter, r *http.Request) {
	var req struct {
		To   string `json:"to"`
		Note string `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	ch, err := s.Store.AdvanceApplication(r.Context(), r.PathValue("tracking"), req.To, req.Note)
	if err != nil {
		if !errors.As(err, new(*app.Error)) {
			s.Logger.Error("advance", "err", err)
		}
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ch)
}
