package units

import (
	"fmt"
	"math"
)

// latencyUnits maps every accepted latency spelling to nanoseconds.
var latencyUnits = map[string]float64{
	"ns": 1,
	"us": 1e3, "µs": 1e3, "μs": 1e3,
	"ms": 1e6,
	"s":  1e9,
}

var latencyUnitNames = []string{"ns", "µs", "us", "ms", "s"}

// iopsUnits maps every accepted IOPS spelling to operations per second.
var iopsUnits = map[string]float64{"IOPS": 1, "kIOPS": 1e3, "KIOPS": 1e3, "MIOPS": 1e6}

var iopsUnitNames = []string{"IOPS", "kIOPS", "MIOPS"}

// LowerIsBetter reports whether a smaller value of kind k is the better one:
// profiles bound such metrics with a maximum instead of a minimum.
func LowerIsBetter(k Kind) bool { return k == Nanoseconds }

// FormatLatency prints nanoseconds in the unit a person reads storage
// latency in: "850 ns", "87.3 µs", "2.00 ms".
func FormatLatency(ns float64) string {
	switch a := math.Abs(ns); {
	case a >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}

// FormatIOPS prints operations per second: "812 IOPS", "45.3 kIOPS".
func FormatIOPS(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e6:
		return fmt.Sprintf("%.2f MIOPS", v/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.1f kIOPS", v/1e3)
	default:
		return fmt.Sprintf("%.0f IOPS", v)
	}
}
