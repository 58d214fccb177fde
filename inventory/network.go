package inventory

import (
	"strconv"
	"strings"
)

// Network describes the interface traffic leaves by: the one the default
// route uses (the route with the lowest metric in /proc/net/route), with the
// speed and duplex the link negotiated (/sys/class/net/IF/speed, duplex).
type Network struct {
	EgressInterface string `json:"egress_interface,omitempty"`
	// LinkMbps is the negotiated speed in Mbit/s; nil when the kernel does
	// not say (virtual NICs report -1 or nothing, a link that is down too).
	LinkMbps *int `json:"link_mbps"`
	// Duplex is "full", "half" or "" (unknown).
	Duplex string `json:"duplex,omitempty"`
}

// rtfUp is RTF_UP in /proc/net/route's Flags column (linux/route.h).
const rtfUp = 0x1

func (g *gatherer) network() Network {
	var n Network
	routes, ok := g.read("/proc/net/route")
	if !ok {
		g.notef("network link unknown: cannot read /proc/net/route")
		return n
	}
	n.EgressInterface = defaultRouteInterface(routes)
	if n.EgressInterface == "" {
		g.notef("network link unknown: no default route in /proc/net/route")
		return n
	}
	dev := "/sys/class/net/" + n.EgressInterface
	if s, ok := g.read(dev + "/speed"); ok {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			n.LinkMbps = &v
		}
	}
	if n.LinkMbps == nil {
		g.notef("network.link_mbps unknown: %s/speed gives no speed (virtual NIC, bond member or link down)", dev)
	}
	if d, ok := g.read(dev + "/duplex"); ok && (d == "full" || d == "half") {
		n.Duplex = d
	}
	return n
}

// defaultRouteInterface returns the interface of the usable default route
// with the lowest metric in /proc/net/route's text, "" if there is none.
// Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask …
func defaultRouteInterface(table string) string {
	best, bestMetric := "", -1
	for i, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		if i == 0 || len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
			continue
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err != nil || flags&rtfUp == 0 {
			continue
		}
		metric, err := strconv.Atoi(f[6])
		if err != nil {
			continue
		}
		if bestMetric < 0 || metric < bestMetric {
			best, bestMetric = f[0], metric
		}
	}
	return best
}
