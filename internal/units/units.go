// Package units parses quantities written in profiles ("950 MiB/s") into base
// units and formats base-unit values the way operators read them (Substrate's
// "1.65 GiBs"). Base units are what JSON reports carry: bytes per second.
package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind is the physical dimension of a metric; its string is the base unit as
// used in JSON keys.
type Kind string

// Kinds of metric known to hwqual.
const (
	BytesPerSecond Kind = "bytes_per_second"
	// Nanoseconds is a latency; lower is better.
	Nanoseconds Kind = "ns"
	// IOPS is I/O operations per second.
	IOPS Kind = "iops"
	// BitsPerSecond is a network rate.
	BitsPerSecond Kind = "bits_per_second"
	// Text marks a check with no numeric value (a firmware verdict); its
	// result is in the check's Value text.
	Text Kind = "text"
)

const (
	kib = 1024.0
	mib = kib * 1024
	gib = mib * 1024
)

// throughputUnits maps every accepted spelling to its factor in bytes/s.
// Decimal units (MB/s) are accepted because operators state drive speeds
// that way; Substrate's own "MiBs" spelling is accepted so its reference
// numbers can be pasted unchanged.
var throughputUnits = map[string]float64{
	"B/s": 1, "Bs": 1,
	"KiB/s": kib, "KiBs": kib,
	"MiB/s": mib, "MiBs": mib,
	"GiB/s": gib, "GiBs": gib,
	"kB/s": 1e3, "KB/s": 1e3,
	"MB/s": 1e6,
	"GB/s": 1e9,
}

// UnitNames lists the unit spellings accepted for a kind, for error messages.
func UnitNames(k Kind) []string {
	switch k {
	case BytesPerSecond:
		return []string{"B/s", "KiB/s", "MiB/s", "GiB/s", "kB/s", "MB/s", "GB/s"}
	case Nanoseconds:
		return latencyUnitNames
	case IOPS:
		return iopsUnitNames
	case BitsPerSecond:
		return bitUnitNames
	}
	return nil
}

// ErrUnknownUnit is wrapped by Parse when the unit is not one of the kind's.
var ErrUnknownUnit = fmt.Errorf("unknown unit")

// Parse reads "<number> <unit>" and returns the value in the kind's base unit.
func Parse(s string, k Kind) (float64, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return 0, fmt.Errorf("quantity %q: want \"<number> <unit>\", e.g. \"950 MiB/s\"", s)
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("quantity %q: %q is not a number", s, fields[0])
	}
	factor, ok := lookup(fields[1], k)
	if !ok {
		return 0, fmt.Errorf("quantity %q: %w %q (want one of %s)", s, ErrUnknownUnit, fields[1], strings.Join(UnitNames(k), ", "))
	}
	if math.IsInf(v*factor, 0) {
		return 0, fmt.Errorf("quantity %q: too large to represent", s)
	}
	return v * factor, nil
}

func lookup(unit string, k Kind) (float64, bool) {
	switch k {
	case BytesPerSecond:
		f, ok := throughputUnits[unit]
		return f, ok
	case Nanoseconds:
		f, ok := latencyUnits[unit]
		return f, ok
	case IOPS:
		f, ok := iopsUnits[unit]
		return f, ok
	case BitsPerSecond:
		f, ok := bitUnits[unit]
		return f, ok
	}
	return 0, false
}

// Format renders a base-unit value for people, as Substrate prints it.
func Format(v float64, k Kind) string {
	switch k {
	case BytesPerSecond:
		return FormatThroughput(v)
	case Nanoseconds:
		return FormatLatency(v)
	case IOPS:
		return FormatIOPS(v)
	case BitsPerSecond:
		return FormatBits(v)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// FormatThroughput picks the largest binary unit in which the value is at
// least 1 and prints two decimals: "1.65 GiBs", "832.82 KiBs" — the exact
// shape of Substrate's table, so operators can compare at a glance.
func FormatThroughput(bps float64) string {
	switch a := math.Abs(bps); {
	case a >= gib:
		return fmt.Sprintf("%.2f GiBs", bps/gib)
	case a >= mib:
		return fmt.Sprintf("%.2f MiBs", bps/mib)
	case a >= kib:
		return fmt.Sprintf("%.2f KiBs", bps/kib)
	default:
		return fmt.Sprintf("%.2f Bs", bps)
	}
}
