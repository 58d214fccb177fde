package inventory

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A machine with a default route over eno1 (metric 100) and a backup over
// wlan0 (metric 600), eno1 negotiated at 100 Mbit/s full duplex.
const routeTable = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
wlan0	00000000	0101A8C0	0003	0	0	600	00000000	0	0	0
eno1	00000000	0100000A	0003	0	0	100	00000000	0	0	0
eno1	0000000A	00000000	0001	0	0	100	00FFFFFF	0	0	0
`

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, body := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestNetworkEgressLink(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		iface  string
		mbps   int // 0: unknown
		duplex string
	}{
		{"100 Mbit negotiation", map[string]string{
			"proc/net/route": routeTable, "sys/class/net/eno1/speed": "100\n", "sys/class/net/eno1/duplex": "full\n",
			"sys/class/net/wlan0/speed": "1000\n"}, "eno1", 100, "full"},
		{"virtual NIC", map[string]string{
			"proc/net/route": routeTable, "sys/class/net/eno1/speed": "-1\n", "sys/class/net/eno1/duplex": "unknown\n"}, "eno1", 0, ""},
		{"no default route", map[string]string{
			"proc/net/route": "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"}, "", 0, ""},
		{"no route table", map[string]string{}, "", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := Gather(context.Background(), Options{Root: writeTree(t, tc.files)})
			if err != nil {
				t.Fatal(err)
			}
			n := inv.Network
			if n.EgressInterface != tc.iface || n.Duplex != tc.duplex {
				t.Errorf("got %+v, want %s %s", n, tc.iface, tc.duplex)
			}
			f, _ := LookupField("network.link_mbps")
			v, ok := f.Get(inv)
			switch {
			case tc.mbps == 0 && ok:
				t.Errorf("link_mbps = %v, want unknown", v)
			case tc.mbps != 0 && (!ok || v.Num != float64(tc.mbps)):
				t.Errorf("link_mbps = %v (%v), want %d", v, ok, tc.mbps)
			}
		})
	}
}
