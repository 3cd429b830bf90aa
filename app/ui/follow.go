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

// Follow feeds every event of svc's live stream to handle until ctx ends, subscribing
// again by itself (with a short, growing backoff) whenever the stream ends or cannot be
// opened. After each successful subscription it calls connected (when not nil), so a
// screen can reload what it may have missed; after each failed one it calls lost (when
// not nil) with the error. All three run on Follow's goroutine: they must use fyne.Do to
// touch widgets. Follow blocks; run it with go.
func Follow(ctx context.Context, svc app.HallService, connected func(), lost func(error), handle func(app.Event)) {
	wait := FollowRetryMin
	for ctx.Err() == nil {
		ch, err := svc.Subscribe(ctx)
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
			drain(ctx, ch, handle)
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
