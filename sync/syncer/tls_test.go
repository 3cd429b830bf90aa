package syncer_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"servicehall/sync/syncer"
)

// selfSigned writes a certificate for 127.0.0.1 and its key; it returns their paths and
// the certificate.
func selfSigned(t *testing.T, dir, name string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+".key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile, cert
}

func TestTLSWithCityCAAndPin(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	certFile, keyFile, cert := selfSigned(t, dir, "central")
	_, _, other := selfSigned(t, dir, "impostor")
	f.server.TLSCert, f.server.TLSKey = certFile, keyFile
	f.startCentral(t)
	if !strings.HasPrefix(f.server.URL(), "https://") {
		t.Fatalf("central URL %s", f.server.URL())
	}
	f.issue(t, 3)
	mk := func(ca, pin string) *syncer.Syncer {
		return syncer.New(f.db, syncer.Config{CentralURL: f.server.URL(), Token: f.token, Hall: "TC01", Logger: quiet,
			Timeout: 3 * time.Second, CAFile: ca, PinSHA256: pin})
	}
	if err := mk("", "").SyncOnce(ctx); err == nil {
		t.Fatal("a certificate from no known authority was trusted")
	}
	if err := mk(certFile, syncer.PinOf(other)).SyncOnce(ctx); err == nil || !strings.Contains(err.Error(), "pinned") {
		t.Fatalf("wrong pin: %v", err)
	}
	if err := mk(filepath.Join(dir, "missing.pem"), "").SyncOnce(ctx); err == nil {
		t.Fatal("missing CA file went unnoticed")
	}
	if err := mk(certFile, syncer.PinOf(cert)).SyncOnce(ctx); err != nil {
		t.Fatalf("CA and right pin: %v", err)
	}
	if f.summary(t).Tickets != 3 {
		t.Fatal("tickets did not arrive over TLS")
	}
}
