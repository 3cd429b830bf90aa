package ui

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// Speaker speaks one announcement and returns when it has been spoken.
type Speaker interface {
	Speak(ctx context.Context, text, lang string) error
}

// Chimer plays the call chime and returns when it has played.
type Chimer interface {
	Chime(ctx context.Context) error
}

// DefaultRepeatWindow drops an announcement whose text was queued this recently.
const DefaultRepeatWindow = 3 * time.Second

// EspeakSpeaker speaks through espeak-ng (Debian's espeak-ng; `make deps` installs it):
// the Mandarin voice for Chinese, English otherwise. With WAVDir set it writes each
// announcement to a WAV file there (espeak-ng -w) instead of the sound card.
type EspeakSpeaker struct {
	Bin    string // path of espeak-ng
	WAVDir string
	mu     sync.Mutex
	n      int
}

// NewEspeakSpeaker finds espeak-ng on PATH; nil when it is not installed.
func NewEspeakSpeaker() *EspeakSpeaker {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		return nil
	}
	return &EspeakSpeaker{Bin: bin}
}

// Voice is the espeak-ng voice for a screen language.
func Voice(lang string) string {
	if lang == LangEN {
		return "en"
	}
	return "cmn"
}

// Speak runs espeak-ng once for text.
func (s *EspeakSpeaker) Speak(ctx context.Context, text, lang string) error {
	args := []string{"-v", Voice(lang), "-s", "150"}
	if s.WAVDir != "" {
		s.mu.Lock()
		s.n++
		name := filepath.Join(s.WAVDir, "call-"+itoa(s.n)+".wav")
		s.mu.Unlock()
		args = append(args, "-w", name)
	}
	return exec.CommandContext(ctx, s.Bin, append(args, "--", text)...).Run()
}

// LastWAV returns the path of the last WAV file written (WAVDir mode).
func (s *EspeakSpeaker) LastWAV() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == 0 {
		return ""
	}
	return filepath.Join(s.WAVDir, "call-"+itoa(s.n)+".wav")
}

func itoa(n int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

// ChimeWAV returns a two-tone chime (E5 then C5, 0.7 s, 16-bit mono 22.05 kHz) as a WAV file.
func ChimeWAV() []byte {
	const rate = 22050
	var pcm []int16
	for _, note := range []struct {
		hz  float64
		dur float64
	}{{659.25, 0.35}, {523.25, 0.45}} {
		n := int(note.dur * rate)
		for i := 0; i < n; i++ {
			t := float64(i) / rate
			env := math.Exp(-3 * t / note.dur)
			pcm = append(pcm, int16(0.5*env*math.MaxInt16*math.Sin(2*math.Pi*note.hz*t)))
		}
	}
	var buf bytes.Buffer
	data := len(pcm) * 2
	buf.WriteString("RIFF")
	binary.Write(&buf, binary.LittleEndian, uint32(36+data))
	buf.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&buf, binary.LittleEndian, v)
	}
	buf.WriteString("data")
	binary.Write(&buf, binary.LittleEndian, uint32(data))
	binary.Write(&buf, binary.LittleEndian, pcm)
	return buf.Bytes()
}

// PlayerChimer plays ChimeWAV through aplay or paplay.
type PlayerChimer struct {
	Bin  string
	file string
	once sync.Once
	err  error
}

// NewPlayerChimer finds paplay or aplay on PATH; nil when neither is installed.
func NewPlayerChimer() *PlayerChimer {
	for _, name := range []string{"paplay", "aplay"} {
		if bin, err := exec.LookPath(name); err == nil {
			return &PlayerChimer{Bin: bin}
		}
	}
	return nil
}

// Chime plays the chime once.
func (c *PlayerChimer) Chime(ctx context.Context) error {
	c.once.Do(func() {
		f, err := os.CreateTemp("", "servicehall-chime-*.wav")
		if err != nil {
			c.err = err
			return
		}
		_, c.err = f.Write(ChimeWAV())
		f.Close()
		c.file = f.Name()
	})
	if c.err != nil {
		return c.err
	}
	args := []string{c.file}
	if filepath.Base(c.Bin) == "aplay" {
		args = []string{"-q", c.file}
	}
	return exec.CommandContext(ctx, c.Bin, args...).Run()
}

// Announcer speaks calls one at a time, in order, from its own goroutine: the screen
// never waits. Each announcement is the chime (when there is a Chimer) then the speech;
// a text already queued or spoken within Repeat is dropped.
type Announcer struct {
	speaker Speaker
	chimer  Chimer
	lang    string
	// Repeat is the repeat window (DefaultRepeatWindow).
	Repeat time.Duration
	// Now is the clock (time.Now); tests replace it.
	Now func() time.Time

	mu      sync.Mutex
	queue   chan string
	last    map[string]time.Time
	dropped int
	spoken  int
}

// NewAnnouncer returns an announcer; speaker or chimer may be nil (then that part is
// skipped). Run must be started for anything to play.
func NewAnnouncer(speaker Speaker, chimer Chimer, lang string) *Announcer {
	return &Announcer{speaker: speaker, chimer: chimer, lang: lang, Repeat: DefaultRepeatWindow, Now: time.Now,
		queue: make(chan string, 64), last: map[string]time.Time{}}
}

// CanSpeak reports whether a speech engine is attached.
func (a *Announcer) CanSpeak() bool { return a != nil && a.speaker != nil }

// Say queues text; it never blocks. It reports false when the text was dropped as a
// repeat (or the queue is full).
func (a *Announcer) Say(text string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.Now()
	if t, ok := a.last[text]; ok && now.Sub(t) < a.Repeat {
		a.dropped++
		return false
	}
	select {
	case a.queue <- text:
		a.last[text] = now
		return true
	default:
		a.dropped++
		return false
	}
}

// Run plays queued announcements one at a time until ctx ends. Run it with go.
func (a *Announcer) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case text := <-a.queue:
			if a.chimer != nil {
				_ = a.chimer.Chime(ctx)
			}
			if a.speaker != nil {
				_ = a.speaker.Speak(ctx, text, a.lang)
			}
			a.mu.Lock()
			a.spoken++
			a.mu.Unlock()
		}
	}
}

// Counts returns how many announcements were played and dropped.
func (a *Announcer) Counts() (spoken, dropped int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.spoken, a.dropped
}
