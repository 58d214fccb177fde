package bench

import "testing"

// TestVerifyAllBothVerifiers runs the benchmark's own cases through the fast
// and the reference verifier: both accept them, and both report a corrupted
// one as an error rather than timing a failed verification.
func TestVerifyAllBothVerifiers(t *testing.T) {
	pub, cases, err := newSRCases(8)
	if err != nil {
		t.Fatal(err)
	}
	verifiers := map[string]func([32]byte, *srCase) error{"fast": verifyFast, "stock": verifyStock}
	for name, v := range verifiers {
		if err := verifyAll(pub, cases, v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		bad := append([]srCase(nil), cases...)
		bad[5].msg[0] ^= 1
		if err := verifyAll(pub, bad, v); err == nil {
			t.Errorf("%s: corrupted case verified", name)
		}
	}
}
