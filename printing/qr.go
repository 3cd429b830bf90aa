package printing

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRLevel is the QR error-correction level every encoder uses: M (about 15 % of the
// symbol may be damaged), the usual choice for printed slips.
const QRLevel = qrcode.Medium

// QRModules is the width, in modules and without the quiet zone, of the QR symbol that
// carries payload at error-correction level M.
func QRModules(payload string) (int, error) {
	if payload == "" {
		return 0, errors.New("printing: empty QR payload")
	}
	q, err := qrcode.New(payload, QRLevel)
	if err != nil {
		return 0, fmt.Errorf("printing: QR payload of %d bytes: %w", len(payload), err)
	}
	return 17 + 4*q.VersionNumber, nil
}

// Module sizes an encoder may ask of a printer (ESC/POS accepts 1 to 16 dots).
const (
	MinQRModule = 1
	MaxQRModule = 16
	// readableQRModule is the smallest module a phone reads reliably off thermal paper.
	readableQRModule = 3
)

// QRModuleSize picks the dots per module for a QR code of payload on paper dots wide:
// the symbol takes about a third (QRSmall), a half (QRMedium) or two thirds (QRLarge) of
// the width, never less than 3 dots a module when that fits, never more than 16, and the
// symbol never wider than the paper. A payload too long for the paper is an error.
func QRModuleSize(payload string, hint QRSize, dots int) (int, error) {
	n, err := QRModules(payload)
	if err != nil {
		return 0, err
	}
	target := dots / 2
	switch hint {
	case QRSmall:
		target = dots / 3
	case QRLarge:
		target = dots * 2 / 3
	}
	m := target / n
	if m < readableQRModule {
		m = min(readableQRModule, dots/n)
	}
	m = min(max(m, MinQRModule), MaxQRModule)
	if m*n > dots {
		return 0, fmt.Errorf("printing: QR code of %d modules does not fit paper %d dots wide", n, dots)
	}
	return m, nil
}
