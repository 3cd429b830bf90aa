package ui

import (
	"context"
	"time"

	"servicehall/app"
)

// Backoff between subscriptions to a hall's live stream: the first retry waits
// FollowRetryMin, each failure doubles the wait up to FollowRetryMax, and a successful
// subscription starts again from FollowRetryMin.
const (
	FollowRetryMin = 300 * time.Millisecond
	FollowRetryMax = 10 * time.Second
)

// Resumer is a hall service whose live stream can first replay the events after lastID
// that the hub still remembers; app/hub's Client is one. Follow uses it when reconnecting,
// so a board does not miss a call made while its link blinked.
type Resumer interface {
	SubscribeAfter(ctx context.Context, lastID int64) (<-chan app.Event, error)
}

// Follow feeds every event of svc's live stream to handle until ctx ends, subscribing
// again by itself (with a short, growing backoff) whenever the stream ends or cannot be
// opened; when svc is a Resumer it asks for the events missed in between. After each successful subscription it calls connected (when not nil), so a
// screen can reload what it may have missed; after each failed one it calls lost (when
// not nil) with the error. All three run on Follow's goroutine: they must use fyne.Do to
// touch widgets. Follow blocks; run it with go.
func Follow(ctx context.Context, svc app.HallService, connected func(), lost func(error), handle func(app.Event)) {
	wait := FollowRetryMin
	last := int64(-1) // ID of the last event seen
	for ctx.Err() == nil {
		var ch <-chan app.Event
		var err error
		if r, ok := svc.(Resumer); ok && last >= 0 {
			ch, err = r.SubscribeAfter(ctx, last)
		} else {
			ch, err = svc.Subscribe(ctx)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if lost != nil {
				lost(err)
			}
		} else {
			wait = FollowRetryMin
			if connected != nil {
				connected()
			}
			drain(ctx, ch, func(ev app.Event) {
				if ev.ID > last {
					last = ev.ID
				}
				handle(ev)
			})
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, FollowRetryMax)
	}
}

// drain hands events to handle until the stream closes or ctx ends.
func drain(ctx context.Context, ch <-chan app.Event, handle func(app.Event)) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			handle(ev)
		}
	}
}
