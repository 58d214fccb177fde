package units

import (
	"fmt"
	"math"
	"time"
)

// The formatters below are the only ones hwqual prints sizes, volumes,
// durations and percentages with outside the report renderers. Each has one
// precision rule, chosen to match what the report goldens already show:
//
//	Bytes      hardware sizes, binary, two decimals:     "23.54 GiB", "512 B"
//	GiB        volumes of work in a sentence, one decimal: "4.9 GiB"
//	DriveSize  capacities the way drives are sold, SI:    "4.00 TB", "256.1 GB"
//	MBps       a rate quoted beside a profile's MB/s:     "1800 MB/s"
//	Duration   an estimate rounded for a sentence:        "40 s", "12 min", "2.5 h"
//	Percent    a share, one decimal:                      "12.5 %"
//
// Throughput scores use FormatThroughput (Substrate's "1.65 GiBs"),
// latencies FormatLatency, IOPS FormatIOPS and network rates FormatBits.

var binaryPrefixes = []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}

// Bytes prints a size in the largest binary unit in which it is at least 1,
// with two decimals ("23.54 GiB"); whole bytes below 1 KiB ("512 B").
func Bytes(b float64) string {
	i := 0
	for math.Abs(b) >= 1024 && i < len(binaryPrefixes)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", b)
	}
	return fmt.Sprintf("%.2f %s", b, binaryPrefixes[i])
}

// GiB prints an amount written, needed or free in GiB with one decimal,
// whatever its size, so that the figures of one sentence compare at a glance
// ("needs 1.0 GiB and keeps 25.0 GiB free").
func GiB(b float64) string { return fmt.Sprintf("%.1f GiB", b/gib) }

// DriveSize prints a capacity the way drives are sold, in decimal units:
// "4.00 TB" from 1 TB up, GB with one decimal below ("256.1 GB", "4.0 GB"
// for a small virtual disk), whole MB below 1 GB.
func DriveSize(b float64) string {
	switch a := math.Abs(b); {
	case a >= 1e12:
		return fmt.Sprintf("%.2f TB", b/1e12)
	case a >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	default:
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
}

// MBps prints a rate in whole decimal megabytes per second, the unit drive
// datasheets and the profiles' sustained-write minimums use ("1800 MB/s").
func MBps(bps float64) string { return fmt.Sprintf("%.0f MB/s", bps/1e6) }

// Duration rounds a duration for a sentence: whole seconds below two
// minutes, whole minutes below two hours, hours with one decimal above.
func Duration(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d < 2*time.Hour:
		return fmt.Sprintf("%.0f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}

// Percent prints a percentage (already multiplied by 100) with one decimal
// and the space SI writes before the sign: "12.5 %".
func Percent(p float64) string { return fmt.Sprintf("%.1f %%", p) }
