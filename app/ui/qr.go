package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	qrcode "github.com/skip2/go-qrcode"
)

// QRImage returns a square QR code of payload, size units wide, drawn with crisp pixels.
// A payload too long to encode gives an empty image of the same size: a screen never
// crashes over a QR code.
func QRImage(payload string, size float32) *canvas.Image {
	img := canvas.NewImageFromImage(QRBitmap(payload))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}

// SetQR replaces the code an image from QRImage shows.
func SetQR(img *canvas.Image, payload string) {
	img.Image = QRBitmap(payload)
	img.Refresh()
}

// QRBitmap encodes payload at medium error correction (15 %, enough for a scuffed slip),
// or returns nil when it cannot.
func QRBitmap(payload string) image.Image {
	if payload == "" {
		return nil
	}
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil
	}
	// A negative size gives one pixel per module; the screen scales it up sharply.
	return q.Image(-1)
}
