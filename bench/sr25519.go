package bench

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"

	"github.com/hwqual/hwqual/bench/internal/sr25519"
	"github.com/hwqual/hwqual/internal/units"
)

// Substrate's sr25519 method: 2048 random 32-byte messages signed under the
// "substrate" context; one pass verifies all of them and counts 32×2048 bytes.
const (
	srMessages   = 2048
	srMessageLen = 32
	// srReferenceCases keeps one reference pass near 15 ms, so the reference
	// plan's samples are not a whole 2048-case pass each.
	srReferenceCases = 256
	// srChunk is the unit of work a sampling window is made of: an eighth
	// of sc-sysinfo's pass (about 12 ms with dalek's AVX2 strategy on Zen
	// 5). Consecutive chunks walk the 2048 cases in order, so the sequence
	// of verifications is sc-sysinfo's and work over elapsed time is
	// unchanged; only the windows end inside a pass, so ~30 ms windows
	// replace 93 ms ones and ten of them take 0.3 s, not 0.93 s.
	srChunk = srMessages / 8
)

var srContext = []byte("substrate")

// sr25519Verify measures SR25519 signature verification throughput.
type sr25519Verify struct{}

func (sr25519Verify) Info() Info {
	return Info{
		Name:     "SR25519-Verify",
		Category: "CPU",
		Kind:     units.BytesPerSecond,
		Method:   "sr25519 verification of 2048 signed 32-byte messages (context \"substrate\"), decoding key and signature per call as Substrate does; hwqual's verifier with curve25519-dalek's strategy (AVX2 4-way backend where the CPU has AVX2, as schnorrkel picks it; serial filippo.io/edwards25519 elsewhere), verdicts identical to go-schnorrkel",
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
	next := 0
	sampled, err := Measure(ctx, cfg.Plan, EstimatorWholeWindow, Pass(srChunk*srMessageLen, func() error {
		err := verifyAll(pub, cases[next:next+srChunk], verifyFast)
		next = (next + srChunk) % srMessages
		return err
	}))
	res := sampled.Result(units.BytesPerSecond)
	if err != nil {
		return res, err
	}
	// go-schnorrkel's rate on the first srReferenceCases cases, briefly, as
	// the reference a reader compares the score with.
	ref, err := Sample(ctx, referencePlan, Pass(srReferenceCases*srMessageLen, func() error {
		return verifyAll(pub, cases[:srReferenceCases], verifyStock)
	}))
	// Which curve backend ran: the score follows Substrate's only where
	// both pick the same one (AVX2 on x86-64).
	res.Notes = append([]string{"backend " + sr25519.Backend()}, res.Notes...)
	res.mergeReport(nil, map[string]float64{
		"verifications_per_second":      res.Estimate().Score / srMessageLen,
		"goschnorrkel_bytes_per_second": Summarize(ref).Median,
	})
	return res, err
}

// referencePlan is the short plan for reference rates shown next to a
// score: enough for a median, not a verdict.
var referencePlan = Plan{Warmup: 20 * time.Millisecond, Duration: 150 * time.Millisecond, MinSamples: 3, SampleTime: 50 * time.Millisecond}

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
func verifyAll(pub [schnorrkel.PublicKeySize]byte, cases []srCase, verify func(pub [32]byte, c *srCase) error) error {
	for i := range cases {
		if err := verify(pub, &cases[i]); err != nil {
			return fmt.Errorf("sr25519 signature %d: %w", i, err)
		}
	}
	return nil
}

var errNotVerified = errors.New("did not verify")

// verifyFast is hwqual's verifier: one decode of each, one encode of R'.
func verifyFast(pub [32]byte, c *srCase) error {
	if !sr25519.Verify(pub, c.sig, srContext, c.msg[:]) {
		return errNotVerified
	}
	return nil
}

// verifyStock is go-schnorrkel v1.1.0, the reference.
func verifyStock(pubBytes [32]byte, c *srCase) error {
	pub, err := schnorrkel.NewPublicKey(pubBytes)
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	var sig schnorrkel.Signature
	if err := sig.Decode(c.sig); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	ok, err := pub.Verify(&sig, schnorrkel.NewSigningContext(srContext, c.msg[:]))
	if err != nil || !ok {
		return fmt.Errorf("%w (%v)", errNotVerified, err)
	}
	return nil
}
