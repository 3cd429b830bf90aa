package hub

import (
	"context"
	"net/http"

	"servicehall/app"
)

// SyncStore is what the sync endpoints need of the store (app/sqlite implements it).
type SyncStore interface {
	DeadLetters(ctx context.Context) ([]app.DeadLetter, error)
	SyncConflicts(ctx context.Context) (int, error)
}

var (
	_ app.SyncAdmin = (*Hall)(nil)
	_ app.SyncAdmin = (*Client)(nil)
)

func (s *Server) syncRoutes() []Route {
	return []Route{
		{"GET", "/sync", s.auth([]app.Role{app.RoleAdmin}, s.syncView)},
		{"POST", "/sync/now", s.auth(windowRoles, s.syncNow)},
	}
}

// SyncView reports the link and the records central refused for good.
func (h *Hall) SyncView(ctx context.Context) (app.SyncView, error) {
	hl, err := h.Health(ctx)
	if err != nil {
		return app.SyncView{}, err
	}
	v := app.SyncView{Health: hl, DeadLetters: []app.DeadLetter{}}
	if ds, ok := h.store.(SyncStore); ok {
		if v.DeadLetters, err = ds.DeadLetters(ctx); err != nil {
			return app.SyncView{}, err
		}
		if v.Conflicts, err = ds.SyncConflicts(ctx); err != nil {
			return app.SyncView{}, err
		}
	}
	return v, nil
}

// SyncNow asks the sync worker for a try at once (the "sync now" button). ECONFLICT when
// the hall has no central configured.
func (h *Hall) SyncNow(context.Context) error {
	w := h.worker()
	if w == nil || w.Status().Link == app.LinkUnconfigured {
		return app.Errorf(app.ECONFLICT, "this hall has no central configured")
	}
	w.Notify()
	return nil
}

func (s *Server) syncView(w http.ResponseWriter, r *http.Request) {
	v, err := s.Hall.SyncView(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) syncNow(w http.ResponseWriter, r *http.Request) {
	if err := s.Hall.SyncNow(r.Context()); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// SyncView asks the hub for the link and dead letters (admin token).
func (c *Client) SyncView(ctx context.Context) (app.SyncView, error) {
	var v app.SyncView
	_, err := c.do(ctx, http.MethodGet, "/sync", nil, &v, http.StatusOK)
	return v, err
}

// SyncNow asks the hub to sync at once.
func (c *Client) SyncNow(ctx context.Context) error {
	_, err := c.do(ctx, http.MethodPost, "/sync/now", nil, nil, http.StatusAccepted)
	return err
}
