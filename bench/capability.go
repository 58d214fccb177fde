package bench

import (
	"fmt"
	"math"

	"github.com/hwqual/hwqual/bench/internal/blake2"
	"github.com/hwqual/hwqual/internal/units"
)

// capabilityGap is the difference between the Substrate-faithful score and
// the machine's capability above which a row says so in words.
const capabilityGap = 0.10

// Capability is what this machine reaches with the fastest kernel hwqual
// has, next to a score measured the way Substrate measures it. The verdict
// always uses the faithful score — it predicts what polkadot's own check
// reports — and the capability keeps the hardware's full speed visible.
type Capability struct {
	// Kernel names the fastest implementation, e.g. "scalar-asm".
	Kernel string
	// Rate is its throughput, in the metric's unit.
	Rate float64
	// Ratio is faithful ÷ capability, both measured in the same way and
	// the same minute (for BLAKE2 in the start-up race; for Copy in the
	// race Copy runs), so it does not depend on how busy the machine was
	// when the score was sampled.
	Ratio float64
	// Faithful describes the faithful path, e.g. "Substrate's AVX2 BLAKE2
	// path (blake2b_simd)".
	Faithful string
	// What names the function for the note, e.g. "BLAKE2".
	What string
}

// report returns the capability as JSON extras — capability_<unit> and
// capability_ratio — and notes: the kernel's name always, and a sentence
// when the faithful path is more than capabilityGap away from it.
func (c Capability) report(score float64, kind units.Kind) ([]string, map[string]float64) {
	if c.Rate <= 0 || c.Ratio <= 0 {
		return nil, nil
	}
	extra := map[string]float64{
		"capability_" + string(kind): c.Rate,
		"capability_ratio":           c.Ratio,
	}
	notes := []string{fmt.Sprintf("capability: %s %s, the fastest kernel on this CPU (%.2f× the score's kernel in the same race)", c.Kernel, units.Format(c.Rate, kind), 1/c.Ratio)}
	if math.Abs(c.Ratio-1) > capabilityGap {
		notes = append(notes, fmt.Sprintf("%s reaches %.2f× of this CPU's fastest %s (%s, %s); polkadot's own check reports the %s shown",
			c.Faithful, c.Ratio, c.What, c.Kernel, units.Format(c.Rate, kind), units.Format(score, kind)))
	}
	return notes, extra
}

// addCapability appends a capability report to a result, against the score
// the evaluator will compute from its samples (their median).
func (r *Result) addCapability(c Capability, kind units.Kind) {
	if len(r.Samples) == 0 {
		return
	}
	r.mergeReport(c.report(r.Estimate().Score, kind))
}

// blake2Capability reads the BLAKE2 capability from the start-up race,
// which timed the faithful kernel and the fastest side by side.
func blake2Capability(cal blake2.Calibration, faithful blake2.Impl) Capability {
	best := cal.Rates[cal.Best.Name]
	c := Capability{Kernel: cal.Best.Name, Rate: best, What: "BLAKE2", Faithful: blake2Faithful(faithful)}
	if best > 0 {
		c.Ratio = cal.Rates[faithful.Name] / best
	}
	return c
}

// blake2Faithful describes the faithful kernel in words for notes.
func blake2Faithful(k blake2.Impl) string {
	switch k.Name {
	case "avx2":
		return "Substrate's AVX2 BLAKE2 path (blake2b_simd)"
	case "xcrypto":
		return "Substrate's SSE4.1 BLAKE2 path (blake2b_simd; x/crypto's SSE4/AVX kernel here)"
	}
	return "Substrate's portable BLAKE2 path (blake2b_simd)"
}
