package hub

import (
	"context"
	"net/http"
	"strconv"

	"servicehall/app"
)

// adminOnly may change the hall's rules and create bookings.
var adminOnly = []app.Role{app.RoleAdmin}

// queueRoutes lists the queue's endpoints (issue 3); routes() appends them.
func (s *Server) queueRoutes() []Route {
	return []Route{
		{"POST", "/windows/{n}/call-ticket", s.auth(windowRoles, s.callTicket)},
		{"POST", "/windows/{n}/pause", s.auth(windowRoles, s.pauseWindow)},
		{"POST", "/tickets/{id}/recall", s.auth(windowRoles, s.ticketAct(s.Hall.Recall))},
		{"POST", "/tickets/{id}/no-show", s.auth(windowRoles, s.ticketAct(s.Hall.NoShow))},
		{"POST", "/tickets/{id}/return", s.auth(windowRoles, s.ticketAct(s.Hall.ReturnToQueue))},
		{"POST", "/tickets/{id}/hold", s.auth(windowRoles, s.ticketAct(s.Hall.Hold))},
		{"POST", "/tickets/{id}/resume", s.auth(windowRoles, s.ticketAct(s.Hall.Resume))},
		{"POST", "/tickets/{id}/transfer", s.auth(windowRoles, s.transfer)},
		{"POST", "/tickets/{id}/priority", s.auth(windowRoles, s.setPriority)},
		{"POST", "/tickets/{id}/outcome", s.auth(windowRoles, s.finishWith)},
		{"POST", "/tickets/{id}/print-failed", s.auth(issuers, s.printFailed)},
		{"GET", "/queues/status", s.auth(anyRole, s.queueStatus)},
		{"GET", "/calls/recent", s.auth(anyRole, s.recentCalls)},
		{"GET", "/stats/today", s.auth(windowRoles, s.statsToday)},
		{"GET", "/rules", s.auth(anyRole, s.rules)},
		{"PUT", "/rules", s.auth(adminOnly, s.setRules)},
		{"POST", "/bookings", s.auth(adminOnly, s.addBooking)},
		{"POST", "/bookings/check-in", s.auth(issuers, s.checkIn)},
	}
}

func windowParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		writeError(w, app.Errorf(app.EINVALID, "window must be a positive number").WithField("n"))
		return 0, false
	}
	return n, true
}

func (s *Server) ticketAct(fn func(ctx context.Context, id string) (app.Ticket, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t, err := fn(r.Context(), r.PathValue("id"))
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, t)
	}
}

func (s *Server) callTicket(w http.ResponseWriter, r *http.Request) {
	n, ok := windowParam(w, r)
	if !ok {
		return
	}
	var req app.CallRequest
	if !s.decode(w, r, &req) {
		return
	}
	if req.Ticket == "" {
		writeError(w, app.Errorf(app.EINVALID, "ticket (ID or number) is required").WithField("ticket"))
		return
	}
	t, err := s.Hall.CallTicket(r.Context(), n, req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) pauseWindow(w http.ResponseWriter, r *http.Request) {
	n, ok := windowParam(w, r)
	if !ok {
		return
	}
	var req app.PauseRequest
	if !s.decode(w, r, &req) {
		return
	}
	win, err := s.Hall.PauseWindow(r.Context(), n, req.Paused)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, win)
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request) {
	var req app.TransferRequest
	if !s.decode(w, r, &req) {
		return
	}
	t, err := s.Hall.Transfer(r.Context(), r.PathValue("id"), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) setPriority(w http.ResponseWriter, r *http.Request) {
	var req app.PriorityRequest
	if !s.decode(w, r, &req) {
		return
	}
	t, err := s.Hall.SetPriority(r.Context(), r.PathValue("id"), req.Priority)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) finishWith(w http.ResponseWriter, r *http.Request) {
	var req app.FinishRequest
	if !s.decode(w, r, &req) {
		return
	}
	t, err := s.Hall.FinishWith(r.Context(), r.PathValue("id"), req.Outcome)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) printFailed(w http.ResponseWriter, r *http.Request) {
	var req app.PrintFailure
	if !s.decode(w, r, &req) {
		return
	}
	if err := s.Hall.PrintFailed(r.Context(), r.PathValue("id"), req.Reason); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) queueStatus(w http.ResponseWriter, r *http.Request) {
	list, err := s.Hall.QueueStatus(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) recentCalls(w http.ResponseWriter, r *http.Request) {
	limit := 9
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			writeError(w, app.Errorf(app.EINVALID, "limit must be 1–50").WithField("limit"))
			return
		}
		limit = n
	}
	list, err := s.Hall.RecentCalls(r.Context(), limit)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) statsToday(w http.ResponseWriter, r *http.Request) {
	st, err := s.Hall.StatsToday(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) rules(w http.ResponseWriter, r *http.Request) {
	rl, err := s.Hall.Rules(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rl)
}

func (s *Server) setRules(w http.ResponseWriter, r *http.Request) {
	var req app.HallRules
	if !s.decode(w, r, &req) {
		return
	}
	rl, err := s.Hall.SetRules(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rl)
}

func (s *Server) addBooking(w http.ResponseWriter, r *http.Request) {
	var req app.BookingRequest
	if !s.decode(w, r, &req) {
		return
	}
	b, err := s.Hall.AddBooking(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, b)
}

func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	var req app.CheckInRequest
	if !s.decode(w, r, &req) {
		return
	}
	t, err := s.Hall.CheckIn(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}
