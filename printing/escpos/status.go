package escpos

import (
	"fmt"

	"servicehall/printing"
)

// StatusKind is n of DLE EOT n: which real-time status to transmit.
type StatusKind byte

// The real-time status kinds servicehall asks for.
const (
	StatusPrinter StatusKind = 1 // printer status: online or offline
	StatusOffline StatusKind = 2 // offline cause: cover open, paper end stop, error
	StatusPaper   StatusKind = 4 // roll paper sensor: near end, end
)

// StatusKinds lists the kinds a full status reading asks for, in order.
var StatusKinds = []StatusKind{StatusPrinter, StatusOffline, StatusPaper}

// StatusRequest is the DLE EOT n command asking for one real-time status byte. Printers
// answer it at once, even while busy or offline.
func StatusRequest(n StatusKind) []byte { return []byte{DLE, EOT, byte(n)} }

// Bits of the status bytes (Epson ESC/POS; the same on the Chinese printers halls buy).
const (
	statusFixedMask  = 0x93 // bits 0, 1, 4 and 7 are fixed…
	statusFixedValue = 0x12 // …to 0, 1, 1, 0
	bitOffline       = 0x08 // n=1: offline
	bitCoverOpen     = 0x04 // n=2: cover open
	bitPaperStop     = 0x20 // n=2: printing stopped at paper end
	bitError         = 0x40 // n=2: an error occurred
	bitsNearEnd      = 0x0c // n=4: paper near end (either sensor bit)
	bitsPaperOut     = 0x60 // n=4: paper end (either sensor bit)
)

// ParseStatus reads the byte a printer sent in answer to DLE EOT n. A byte whose fixed
// bits are wrong is not a status answer (an echo, noise): an error.
func ParseStatus(n StatusKind, b byte) (printing.Status, error) {
	if b&statusFixedMask != statusFixedValue {
		return printing.Status{}, fmt.Errorf("escpos: 0x%02x is not a DLE EOT %d answer", b, n)
	}
	st := printing.Status{Known: true}
	switch n {
	case StatusPrinter:
		st.Offline = b&bitOffline != 0
	case StatusOffline:
		st.CoverOpen = b&bitCoverOpen != 0
		st.PaperOut = b&bitPaperStop != 0
		st.Error = b&bitError != 0
		st.Offline = st.CoverOpen || st.PaperOut || st.Error
	case StatusPaper:
		st.PaperNearEnd = b&bitsNearEnd != 0
		st.PaperOut = b&bitsPaperOut != 0
	default:
		return printing.Status{}, fmt.Errorf("escpos: DLE EOT %d is not a status kind servicehall reads", n)
	}
	return st, nil
}

// StatusByte is the byte a printer in state st answers to DLE EOT n: the inverse of
// ParseStatus, for fake printers in tests and simulators.
func StatusByte(n StatusKind, st printing.Status) byte {
	b := byte(statusFixedValue)
	set := func(on bool, bits byte) {
		if on {
			b |= bits
		}
	}
	switch n {
	case StatusPrinter:
		set(st.Offline || st.PaperOut || st.CoverOpen || st.Error, bitOffline)
	case StatusOffline:
		set(st.CoverOpen, bitCoverOpen)
		set(st.PaperOut, bitPaperStop)
		set(st.Error, bitError)
	case StatusPaper:
		set(st.PaperNearEnd, bitsNearEnd)
		set(st.PaperOut, bitsPaperOut)
	}
	return b
}
