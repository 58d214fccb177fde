package bench

import (
	"bytes"
	"context"

	"github.com/hwqual/hwqual/bench/internal/blake2"
	"github.com/hwqual/hwqual/internal/units"
)

// blake2Input is Substrate's input: 32 KiB filled with 0x66.
const blake2Input = 32 << 10

// blake2Single measures single-core BLAKE2b-256 throughput, as Substrate's
// benchmark_cpu does, with the kernel Substrate's code runs on this CPU.
type blake2Single struct{}

func (blake2Single) Info() Info {
	return Info{
		Name:     "BLAKE2-256",
		Category: "CPU",
		Kind:     units.BytesPerSecond,
		Method:   "BLAKE2b-256 of a 32 KiB buffer of 0x66 on one thread, with the kernel Substrate's blake2b_simd dispatches to on this CPU (AVX2, else SSE4.1, else portable); the fastest kernel is reported as capability",
	}
}

func (blake2Single) Run(ctx context.Context, cfg Config) (Result, error) {
	cal, err := chooseBlake2(ctx)
	if err != nil {
		return Result{}, err
	}
	faithful := blake2.Substrate()
	sampled, err := Measure(ctx, cfg.Plan, EstimatorWholeWindow, blake2Op(faithful, newBlake2Input()))
	res := sampled.Result(units.BytesPerSecond)
	res.mergeReport(kernelReport(cal, faithful))
	res.addCapability(blake2Capability(cal, faithful), units.BytesPerSecond)
	return res, err
}

func newBlake2Input() []byte { return bytes.Repeat([]byte{0x66}, blake2Input) }

func blake2Op(kernel blake2.Impl, buf []byte) Op {
	return Pass(float64(len(buf)), func() error {
		kernel.Sum256(buf) // a call through a func value is never dropped by the compiler
		return nil
	})
}
