package units

import (
	"fmt"
	"math"
)

// bitUnits maps every accepted network-rate spelling to bits per second.
// Network rates are decimal (1 Mbit/s = 10^6 bit/s), as links are sold and
// as iperf3 prints them.
var bitUnits = map[string]float64{
	"bit/s": 1, "bps": 1,
	"kbit/s": 1e3, "Kbit/s": 1e3, "kbps": 1e3,
	"Mbit/s": 1e6, "Mbps": 1e6,
	"Gbit/s": 1e9, "Gbps": 1e9,
}

var bitUnitNames = []string{"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Mbps", "Gbps"}

// FormatBits prints a network rate: "941.52 Mbit/s", "9.41 Gbit/s".
func FormatBits(bps float64) string {
	switch a := math.Abs(bps); {
	case a >= 1e9:
		return fmt.Sprintf("%.2f Gbit/s", bps/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2f Mbit/s", bps/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.2f kbit/s", bps/1e3)
	default:
		return fmt.Sprintf("%.0f bit/s", bps)
	}
}
