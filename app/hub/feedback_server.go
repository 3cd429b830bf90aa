package hub

import (
	"net/http"
	"strconv"

	"servicehall/app"
)

// feedbackRoutes are the endpoints of ratings, requests and notices. Kiosks (and a
// window's rating pad, which holds a kiosk token) rate, submit requests, read one request
// by tracking number and read notices; counters and admins also list ratings and
// requests and answer requests. Every role may read notices.
func (s *Server) feedbackRoutes() []Route {
	return []Route{
		{"POST", "/ratings/tickets/{id}", s.auth(issuers, s.rateTicket)},
		{"POST", "/ratings/applications/{tracking_no}", s.auth(issuers, s.rateApplication)},
		{"GET", "/ratings", s.auth(windowRoles, s.listRatings)},
		{"POST", "/requests", s.auth(issuers, s.submitRequest)},
		{"GET", "/requests", s.auth(windowRoles, s.listRequests)},
		{"GET", "/requests/{tracking_no}", s.auth(issuers, s.getRequest)},
		{"POST", "/requests/{tracking_no}/answer", s.auth(windowRoles, s.answerRequest)},
		{"GET", "/notices", s.auth(anyRole, s.notices)},
	}
}

func (s *Server) rateTicket(w http.ResponseWriter, r *http.Request) {
	var req app.RatingSubmission
	if !s.decode(w, r, &req) {
		return
	}
	out, err := s.Hall.RateTicket(r.Context(), r.PathValue("id"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) rateApplication(w http.ResponseWriter, r *http.Request) {
	var req app.RatingSubmission
	if !s.decode(w, r, &req) {
		return
	}
	out, err := s.Hall.RateApplication(r.Context(), r.PathValue("tracking_no"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// queryInt reads a non-negative integer query parameter (0 when absent).
func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalidField(name, app.ReasonNumber, name+" must be a number ≥ 0")
	}
	return n, nil
}

// listRatings answers GET /ratings?follow_up=true&window=&limit=.
func (s *Server) listRatings(w http.ResponseWriter, r *http.Request) {
	var f app.RatingFilter
	if v := r.URL.Query().Get("follow_up"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeError(w, invalidField("follow_up", app.ReasonChoice, "follow_up must be true or false"))
			return
		}
		f.FollowUp = b
	}
	var err error
	if f.Window, err = queryInt(r, "window"); err != nil {
		writeError(w, err)
		return
	}
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		writeError(w, err)
		return
	}
	list, err := s.Hall.Ratings(r.Context(), f)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) submitRequest(w http.ResponseWriter, r *http.Request) {
	var req app.RequestSubmission
	if !s.decode(w, r, &req) {
		return
	}
	out, err := s.Hall.SubmitRequest(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// listRequests answers GET /requests?kind=&status=&limit=.
func (s *Server) listRequests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := app.RequestFilter{Kind: app.RequestKind(q.Get("kind")), Status: app.RequestStatus(q.Get("status"))}
	var err error
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		writeError(w, err)
		return
	}
	list, err := s.Hall.Requests(r.Context(), f)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) getRequest(w http.ResponseWriter, r *http.Request) {
	out, err := s.Hall.Request(r.Context(), r.PathValue("tracking_no"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) answerRequest(w http.ResponseWriter, r *http.Request) {
	var req app.RequestAnswer
	if !s.decode(w, r, &req) {
		return
	}
	out, err := s.Hall.AnswerRequest(r.Context(), r.PathValue("tracking_no"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// notices answers GET /notices?q=….
func (s *Server) notices(w http.ResponseWriter, r *http.Request) {
	list, err := s.Hall.Notices(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}
