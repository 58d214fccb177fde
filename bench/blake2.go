package bench

import (
	"bytes"
	"context"

	"golang.org/x/crypto/blake2b"

	"github.com/hwqual/hwqual/internal/units"
)

// blake2Input is Substrate's input: 32 KiB filled with 0x66.
const blake2Input = 32 << 10

// digestSink keeps the compiler from discarding digests nobody reads.
var digestSink [32]byte

// blake2 measures single-core BLAKE2b-256 throughput, as Substrate's
// benchmark_cpu does.
type blake2 struct{}

func (blake2) Info() Info {
	return Info{
		Name:     "BLAKE2-256",
		Category: "CPU",
		Kind:     units.BytesPerSecond,
		Method:   "BLAKE2b-256 (golang.org/x/crypto) of a 32 KiB buffer of 0x66 on one thread",
	}
}

func (blake2) Run(ctx context.Context, cfg Config) (Result, error) {
	samples, err := Sample(ctx, cfg.Plan, blake2Op(newBlake2Input()))
	return Result{Samples: samples}, err
}

func newBlake2Input() []byte { return bytes.Repeat([]byte{0x66}, blake2Input) }

func blake2Op(buf []byte) Op {
	return Pass(float64(len(buf)), func() error {
		digestSink = blake2b.Sum256(buf)
		return nil
	})
}
