// Package faultnet is a TCP proxy that misbehaves on purpose, for testing sync over bad
// links: a bandwidth cap, added latency, connections reset after some bytes, and a link
// that can be cut and restored (or made to flap). Tests and benchmarks put it between a
// hub and the real central server on loopback.
package faultnet

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards connections from its own address to a target address.
type Proxy struct {
	target string
	ln     net.Listener

	// BytesPerSecond caps each direction of each connection (0: no cap).
	BytesPerSecond atomic.Int64
	// Latency is added to the first bytes of each burst in each direction (a burst: bytes
	// after a pause of over 20 ms), like a long link's one-way delay on each request and
	// reply; the bytes of a burst then stream at BytesPerSecond.
	Latency atomic.Int64 // nanoseconds
	// ResetAfter, when > 0, resets the next connection after that many bytes from the
	// client (the middle of a request body), then clears itself.
	ResetAfter atomic.Int64

	down   atomic.Bool
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
	Resets atomic.Int64
}

// New starts a proxy on 127.0.0.1 to target.
func New(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL is http:// plus Addr.
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// SetLink cuts (false) or restores (true) the link. Cutting closes every open connection
// and refuses new ones until restored.
func (p *Proxy) SetLink(up bool) {
	p.down.Store(!up)
	if !up {
		p.mu.Lock()
		for c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
	}
}

// Close stops the proxy.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.SetLink(false)
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	if add {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			c.Close()
			continue
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	server, err := net.DialTimeout("tcp", p.target, 3*time.Second)
	if err != nil {
		client.Close()
		return
	}
	p.track(client, true)
	p.track(server, true)
	defer p.track(client, false)
	defer p.track(server, false)
	resetAt := p.ResetAfter.Swap(0)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		err := p.copy(server, client, resetAt)
		if errors.Is(err, errReset) {
			p.Resets.Add(1)
			if tc, ok := client.(*net.TCPConn); ok {
				tc.SetLinger(0) // RST, not FIN
			}
			client.Close()
		}
		server.Close()
	}()
	go func() {
		defer wg.Done()
		p.copy(client, server, 0)
		client.Close()
	}()
	wg.Wait()
}

var errReset = errors.New("faultnet: reset")

// copy moves bytes from src to dst through the link's cap and latency; with resetAt > 0 it
// stops with errReset after that many bytes.
func (p *Proxy) copy(dst io.Writer, src io.Reader, resetAt int64) error {
	buf := make([]byte, 16<<10)
	var total int64
	var last time.Time
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if resetAt > 0 && total+int64(n) >= resetAt {
				chunk = chunk[:resetAt-total]
				dst.Write(chunk)
				return errReset
			}
			total += int64(n)
			if d := time.Duration(p.Latency.Load()); d > 0 && time.Since(last) > 20*time.Millisecond {
				time.Sleep(d)
			}
			if bps := p.BytesPerSecond.Load(); bps > 0 {
				time.Sleep(time.Duration(int64(n) * int64(time.Second) / bps))
			}
			if _, werr := dst.Write(chunk); werr != nil {
				return werr
			}
			last = time.Now()
		}
		if err != nil {
			return err
		}
	}
}
