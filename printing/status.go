package printing

import "strings"

// Fault is one reason a printer cannot print now. The values are stable identifiers:
// screens translate them (for example under the locale key "print.status."+string(f)).
type Fault string

// Faults a printer reports through real-time status (ESC/POS DLE EOT).
const (
	FaultPaperOut     Fault = "paper_out"      // the roll is empty
	FaultPaperNearEnd Fault = "paper_near_end" // the roll is nearly empty: it still prints
	FaultCoverOpen    Fault = "cover_open"     // the cover is open
	FaultOffline      Fault = "offline"        // the printer is offline (any cause)
	FaultError        Fault = "error"          // a mechanical, cutter or other error
)

// Status is what a printer said about itself. A printer that does not answer status
// requests (many USB and all file or CUPS devices) has a Status with Known false: its
// state is unknown, which is not an error.
type Status struct {
	// Known reports that the printer answered; every other field is false when it did not.
	Known bool `json:"known"`
	// Offline: the printer will not print (cover open, paper out, error, or paused).
	Offline bool `json:"offline,omitempty"`
	// PaperOut: the paper end sensor sees no paper.
	PaperOut bool `json:"paper_out,omitempty"`
	// PaperNearEnd: the roll is nearly finished; printing still works.
	PaperNearEnd bool `json:"paper_near_end,omitempty"`
	// CoverOpen: the printer's cover is open.
	CoverOpen bool `json:"cover_open,omitempty"`
	// Error: the printer reports an error (cutter jam, head overheated…).
	Error bool `json:"error,omitempty"`
}

// CanPrint reports whether a job sent now should print: true when the status is
// unknown (nothing says it cannot) or known and free of blocking faults. Paper near its
// end does not block.
func (s Status) CanPrint() bool {
	return !s.Known || !(s.Offline || s.PaperOut || s.CoverOpen || s.Error)
}

// Faults lists the faults in s, the blocking ones first; nil when there are none or the
// status is unknown.
func (s Status) Faults() []Fault {
	var out []Fault
	if s.PaperOut {
		out = append(out, FaultPaperOut)
	}
	if s.CoverOpen {
		out = append(out, FaultCoverOpen)
	}
	if s.Error {
		out = append(out, FaultError)
	}
	if s.Offline && !s.PaperOut && !s.CoverOpen && !s.Error {
		out = append(out, FaultOffline)
	}
	if s.PaperNearEnd {
		out = append(out, FaultPaperNearEnd)
	}
	return out
}

// String is a short English summary for logs: "unknown", "ok", or the faults joined
// with '+' ("paper_out+offline").
func (s Status) String() string {
	if !s.Known {
		return "unknown"
	}
	f := s.Faults()
	if len(f) == 0 {
		return "ok"
	}
	parts := make([]string, len(f))
	for i, x := range f {
		parts[i] = string(x)
	}
	return strings.Join(parts, "+")
}

// Merge combines two readings of the same printer (for example printer status and paper
// sensor status): a fault in either is a fault.
func (s Status) Merge(o Status) Status {
	if !o.Known {
		return s
	}
	if !s.Known {
		return o
	}
	return Status{Known: true, Offline: s.Offline || o.Offline, PaperOut: s.PaperOut || o.PaperOut,
		PaperNearEnd: s.PaperNearEnd || o.PaperNearEnd, CoverOpen: s.CoverOpen || o.CoverOpen, Error: s.Error || o.Error}
}
