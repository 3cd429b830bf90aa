package syncer

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
)

// TLSConfig builds the client TLS settings for central: extra roots from caFile and a pin
// of central's public key. It returns nil when neither is set (the system's roots apply).
func TLSConfig(caFile, pin string) (*tls.Config, error) {
	if caFile == "" && pin == "" {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("central CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("central CA file %s holds no PEM certificate", caFile)
		}
		tc.RootCAs = pool
	}
	if pin != "" {
		want, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(pin, "sha256/"))
		if err != nil || len(want) != sha256.Size {
			return nil, errors.New("central pin must be base64 SHA-256 of the public key (sha256/…)")
		}
		// Checked after normal verification: a pin narrows trust, it never widens it.
		tc.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("central sent no certificate")
			}
			got := sha256.Sum256(cs.PeerCertificates[0].RawSubjectPublicKeyInfo)
			if string(got[:]) != string(want) {
				return fmt.Errorf("central's public key does not match the pinned one (got sha256/%s)", base64.StdEncoding.EncodeToString(got[:]))
			}
			return nil
		}
	}
	return tc, nil
}

// PinOf returns the pin string of a certificate's public key: sha256/BASE64.
func PinOf(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
}
