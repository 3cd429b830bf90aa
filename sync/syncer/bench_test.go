package syncer_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"servicehall/sync/syncer"
	"servicehall/sync/wire"
)

// fillOutbox queues n ticket records quickly (one transaction), as a long offline spell would.
func fillOutbox(b *testing.B, f *fixture, n int) {
	b.Helper()
	raw, err := sql.Open("sqlite", "file:"+f.db.Path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, _ := raw.Begin()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("bench-%d-%d", b.N, i)
		payload := fmt.Sprintf(`{"id":%q,"number":"A%03d","service_id":%q,"queue":"A","priority":"normal","status":"done","day":"2026-11-26","issued_at":"2026-11-26T01:00:00Z","version":3}`, id, i%1000, f.service)
		if _, err := tx.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES (?, 'ticket', 3, ?, 0)`, id, payload); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// rawInsertRate is records/s of inserting the same rows into a plain SQLite table with
// synchronous=FULL, one batch per transaction: the ceiling sync is measured against.
func rawInsertRate(b *testing.B, n, batch int) float64 {
	db, _ := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "raw.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	defer db.Close()
	db.Exec(`CREATE TABLE r (id TEXT PRIMARY KEY, payload TEXT)`)
	start := time.Now()
	for i := 0; i < n; i += batch {
		tx, _ := db.Begin()
		for j := i; j < i+batch && j < n; j++ {
			tx.Exec(`INSERT INTO r VALUES (?, ?)`, fmt.Sprint("raw-", j), `{"id":"x","number":"A001","status":"done","version":3}`)
		}
		tx.Commit()
	}
	return float64(n) / time.Since(start).Seconds()
}

func benchPush(b *testing.B, slow bool) {
	const n = 10_000
	var total time.Duration
	var peak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFixtureTB(b)
		f.startCentralTB(b)
		fillOutbox(b, f, n)
		target := "http://" + f.addr
		if slow {
			p := proxy(b, f.addr)
			p.BytesPerSecond.Store(125_000)
			p.Latency.Store(int64(300 * time.Millisecond))
			target = p.URL()
		}
		s := syncer.New(f.db, syncer.Config{CentralURL: target, Token: f.token, Hall: "TC01", Logger: quiet, BatchSize: 500, Timeout: time.Minute})
		done := make(chan struct{})
		go func() { // sample the hub's heap while it drains
			var ms runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peak {
						peak = ms.HeapInuse
					}
				}
			}
		}()
		b.StartTimer()
		start := time.Now()
		if err := s.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		close(done)
		if sum := f.summary(b); sum.Tickets != n {
			b.Fatalf("central holds %d", sum.Tickets)
		}
	}
	rate := float64(n*b.N) / total.Seconds()
	b.ReportMetric(rate, "records/s")
	b.ReportMetric(total.Seconds()/float64(b.N), "s/10k-drain")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	raw := rawInsertRate(b, n, 500)
	b.ReportMetric(raw, "raw-insert-records/s")
	b.ReportMetric(rate/raw, "ratio-to-raw")
}

// BenchmarkPushLoopback drains a 10,000-record week over loopback.
func BenchmarkPushLoopback(b *testing.B) { benchPush(b, false) }

// BenchmarkPushSlowLink drains it through a 1 Mbit/s link with 300 ms latency.
func BenchmarkPushSlowLink(b *testing.B) { benchPush(b, true) }

// BenchmarkPull applies 10,000 central changes (notices) in pages of 500.
func BenchmarkPull(b *testing.B) {
	const n = 10_000
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFixtureTB(b)
		f.startCentralTB(b)
		for j := 0; j < n; j += 500 {
			for k := j; k < j+500; k++ {
				f.store.Publish(ctx, "", wire.KindNotice, fmt.Sprint("n", k), wire.Notice{Title: "公告", Body: "正文"})
			}
		}
		s := f.syncer(syncer.Config{})
		b.StartTimer()
		start := time.Now()
		if err := s.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	rate := float64(n*b.N) / total.Seconds()
	b.ReportMetric(rate, "changes/s")
	raw := rawInsertRate(b, n, 500)
	b.ReportMetric(rate/raw, "ratio-to-raw")
}
