package bench

import (
	"context"
	"crypto/rand"
	"fmt"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"

	"github.com/hwqual/hwqual/internal/units"
)

// Substrate's sr25519 method: 2048 random 32-byte messages signed under the
// "substrate" context; one pass verifies all of them and counts 32×2048 bytes.
const (
	srMessages   = 2048
	srMessageLen = 32
)

var srContext = []byte("substrate")

// sr25519Verify measures SR25519 signature verification throughput.
type sr25519Verify struct{}

func (sr25519Verify) Info() Info {
	return Info{
		Name:     "SR25519-Verify",
		Category: "CPU",
		Kind:     units.BytesPerSecond,
		Method:   "go-schnorrkel verification of 2048 signed 32-byte messages (context \"substrate\"), decoding key and signature per call as Substrate does",
	}
}

// srCase is one message with its encoded signature.
type srCase struct {
	msg [srMessageLen]byte
	sig [schnorrkel.SignatureSize]byte
}

func (sr25519Verify) Run(ctx context.Context, cfg Config) (Result, error) {
	pub, cases, err := newSRCases(srMessages)
	if err != nil {
		return Result{}, err
	}
	samples, err := Sample(ctx, cfg.Plan, Pass(srMessages*srMessageLen, func() error {
		return verifyAll(pub, cases)
	}))
	verifs := make([]float64, len(samples))
	for i, s := range samples {
		verifs[i] = s / srMessageLen
	}
	return Result{
		Samples: samples,
		Extra:   map[string]float64{"verifications_per_second": Summarize(verifs).Median},
	}, err
}

// newSRCases signs n random messages with a fresh key pair.
func newSRCases(n int) ([schnorrkel.PublicKeySize]byte, []srCase, error) {
	var pubBytes [schnorrkel.PublicKeySize]byte
	secret, pub, err := schnorrkel.GenerateKeypair()
	if err != nil {
		return pubBytes, nil, fmt.Errorf("sr25519 key pair: %w", err)
	}
	pubBytes = pub.Encode()
	cases := make([]srCase, n)
	for i := range cases {
		if _, err := rand.Read(cases[i].msg[:]); err != nil {
			return pubBytes, nil, fmt.Errorf("sr25519 message: %w", err)
		}
		sig, err := secret.Sign(schnorrkel.NewSigningContext(srContext, cases[i].msg[:]))
		if err != nil {
			return pubBytes, nil, fmt.Errorf("sr25519 sign: %w", err)
		}
		cases[i].sig = sig.Encode()
	}
	return pubBytes, cases, nil
}

// verifyAll verifies every case the way Substrate's sr25519_verify does:
// decode the public key and the signature from bytes, then verify. A failed
// verification is an error: it would mean the benchmark measured nothing.
func verifyAll(pubBytes [schnorrkel.PublicKeySize]byte, cases []srCase) error {
	for i := range cases {
		pub, err := schnorrkel.NewPublicKey(pubBytes)
		if err != nil {
			return fmt.Errorf("sr25519 public key: %w", err)
		}
		var sig schnorrkel.Signature
		if err := sig.Decode(cases[i].sig); err != nil {
			return fmt.Errorf("sr25519 signature %d: %w", i, err)
		}
		ok, err := pub.Verify(&sig, schnorrkel.NewSigningContext(srContext, cases[i].msg[:]))
		if err != nil || !ok {
			return fmt.Errorf("sr25519 signature %d did not verify (%v)", i, err)
		}
	}
	return nil
}
