package hub

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"servicehall/app"
)

// applicationRoutes are the guide's and the applications' endpoints. Kiosks may submit
// and read by tracking number; counters and admins also list, accept, advance and
// withdraw.
func (s *Server) applicationRoutes() []Route {
	return []Route{
		{"GET", "/services/{id}", s.auth(anyRole, s.serviceDetail)},
		{"POST", "/applications", s.auth(issuers, s.submitApplication)},
		{"GET", "/applications", s.auth(windowRoles, s.listApplications)},
		{"GET", "/applications/{tracking_no}", s.auth(issuers, s.getApplication)},
		{"POST", "/applications/{tracking_no}/accept", s.auth(windowRoles, s.acceptApplication)},
		{"POST", "/applications/{tracking_no}/advance", s.auth(windowRoles, s.advanceApplication)},
		{"POST", "/applications/{tracking_no}/withdraw", s.auth(windowRoles, s.withdrawApplication)},
	}
}

// searchServices answers GET /services?q=…: the catalogue ranked for q.
func (s *Server) searchServices(w http.ResponseWriter, r *http.Request) {
	list, err := s.Hall.SearchServices(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) serviceDetail(w http.ResponseWriter, r *http.Request) {
	d, err := s.Hall.Service(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// decodeStrict reads a JSON body into v like decode, but a domain error raised while
// decoding (a bad form value) answers 422 with its field rather than 400.
func (s *Server) decodeStrict(w http.ResponseWriter, r *http.Request, v any) bool {
	max := s.MaxBody
	if max <= 0 {
		max = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, app.Errorf(app.ETOOLARGE, "request body over %d bytes", max))
		} else {
			writeErrorStatus(w, http.StatusBadRequest, app.Errorf(app.EINVALID, "cannot read the request body"))
		}
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		var ae *app.Error
		if errors.As(err, &ae) {
			if len(ae.Fields) == 0 {
				ae.Fields = []app.FieldError{{Field: ae.Field, Reason: app.ReasonText, Message: ae.Message}}
			}
			writeError(w, ae)
			return false
		}
		writeErrorStatus(w, http.StatusBadRequest, app.Errorf(app.EINVALID, "request body is not valid JSON: %v", err))
		return false
	}
	return true
}

func (s *Server) submitApplication(w http.ResponseWriter, r *http.Request) {
	var req app.ApplicationRequest
	if !s.decodeStrict(w, r, &req) {
		return
	}
	a, err := s.Hall.SubmitApplication(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) {
	a, err := s.Hall.Application(r.Context(), r.PathValue("tracking_no"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// listApplications answers GET /applications?status=&service_id=&deadline=&overdue=1&limit=.
func (s *Server) listApplications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := app.ApplicationFilter{
		Status:    app.ApplicationStatus(q.Get("status")),
		ServiceID: q.Get("service_id"),
		Deadline:  app.DeadlineState(q.Get("deadline")),
	}
	if v := q.Get("overdue"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeError(w, invalidField("overdue", app.ReasonChoice, "overdue must be true or false"))
			return
		}
		f.Overdue = b
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, invalidField("limit", app.ReasonNumber, "limit must be a number ≥ 0"))
			return
		}
		f.Limit = n
	}
	list, err := s.Hall.Applications(r.Context(), f)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) acceptApplication(w http.ResponseWriter, r *http.Request) {
	var req app.AcceptRequest
	if !s.decode(w, r, &req) {
		return
	}
	res, err := s.Hall.AcceptApplication(r.Context(), r.PathValue("tracking_no"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) advanceApplication(w http.ResponseWriter, r *http.Request) {
	var req app.AdvanceRequest
	if !s.decode(w, r, &req) {
		return
	}
	a, err := s.Hall.AdvanceApplication(r.Context(), r.PathValue("tracking_no"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// WithdrawRequest is the body of POST /applications/{tracking_no}/withdraw.
type WithdrawRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) withdrawApplication(w http.ResponseWriter, r *http.Request) {
	var req WithdrawRequest
	if !s.decode(w, r, &req) {
		return
	}
	a, err := s.Hall.WithdrawApplication(r.Context(), r.PathValue("tracking_no"), req.Reason)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}
