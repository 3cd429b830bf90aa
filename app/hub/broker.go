package hub

import (
	"context"
	"sync"

	"servicehall/app"
)

// DefaultEventBacklog is how many recent events the broker keeps for subscribers that
// reconnect with Last-Event-ID (a board after a network blip catches up on missed calls).
const DefaultEventBacklog = 256

// subscriberBuffer is each subscriber's queue; a subscriber that falls this far behind is
// dropped (its channel closes) and catches up by reconnecting with Last-Event-ID.
const subscriberBuffer = 128

// Broker fans hall events out to live subscribers. Publish never blocks.
type Broker struct {
	mu      sync.Mutex
	nextID  int64
	backlog []app.Event
	keep    int
	subs    map[chan app.Event]struct{}
}

// NewBroker returns a broker that remembers the last keep events.
func NewBroker(keep int) *Broker {
	return &Broker{keep: keep, subs: map[chan app.Event]struct{}{}}
}

// Publish assigns the event its ID and delivers it to every subscriber.
func (b *Broker) Publish(e app.Event) app.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	e.ID = b.nextID
	b.backlog = append(b.backlog, e)
	if len(b.backlog) > b.keep {
		b.backlog = b.backlog[len(b.backlog)-b.keep:]
	}
	for ch := range b.subs {
		select {
		case ch <- e:
		default:
			delete(b.subs, ch)
			close(ch)
		}
	}
	return e
}

// Subscribe returns a channel of events until ctx ends. With after ≥ 0 it first replays
// the remembered events whose ID is greater than after.
func (b *Broker) Subscribe(ctx context.Context, after int64) <-chan app.Event {
	ch := make(chan app.Event, subscriberBuffer)
	b.mu.Lock()
	if after >= 0 {
		for _, e := range b.backlog {
			if e.ID > after && len(ch) < cap(ch) {
				ch <- e
			}
		}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		if _, ok := b.subs[ch]; ok {
			delete(b.subs, ch)
			close(ch)
		}
		b.mu.Unlock()
	}()
	return ch
}

// Subscribers counts live subscribers.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
