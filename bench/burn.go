package bench

import (
	"context"
	"fmt"

	"github.com/hwqual/hwqual/bench/internal/blake2"
)

// Burn is one CPU burn-in worker's load: the kernels the CPU metrics
// measure, each checking its own result so a core that miscomputes under
// sustained load is caught, not just timed.
type Burn struct {
	kernel blake2.Impl
	input  []byte
	digest [32]byte
	pub    [32]byte
	cases  []srCase
}

// burnSR25519Cases is how many signed messages one worker verifies per
// round: enough to alternate kernels every few milliseconds.
const burnSR25519Cases = 64

// NewBurn prepares a worker: the calibrated BLAKE2 kernel with its input's
// digest from x/crypto (the reference), and freshly signed sr25519 cases.
func NewBurn(ctx context.Context) (*Burn, error) {
	cal, err := chooseBlake2(ctx)
	if err != nil {
		return nil, err
	}
	b := &Burn{kernel: cal.Best, input: newBlake2Input()}
	b.digest = blake2.XCrypto.Sum256(b.input)
	b.pub, b.cases, err = newSRCases(burnSR25519Cases)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Round hashes the BLAKE2 input iters times and verifies every sr25519
// case once. It returns the bytes processed and, when a result is wrong,
// an error saying which kernel and what it computed.
func (b *Burn) Round(iters int) (int, error) {
	for range iters {
		if got := b.kernel.Sum256(b.input); got != b.digest {
			return 0, fmt.Errorf("BLAKE2-256 (%s) of the 32 KiB 0x66 input: expected %x, computed %x", b.kernel.Name, b.digest, got)
		}
	}
	if err := verifyAll(b.pub, b.cases, verifyFast); err != nil {
		return 0, fmt.Errorf("sr25519 verify of a valid signature failed: %w", err)
	}
	return iters*len(b.input) + len(b.cases)*srMessageLen, nil
}
