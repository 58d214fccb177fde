package advisory

import (
	"strings"
	"testing"
)

func TestJudgeFirmwareBuiltin(t *testing.T) {
	db := Builtin()
	tests := []struct {
		model, rev string
		want       Verdict
		reason     string // substring
	}{
		{"Samsung SSD 980 PRO 2TB", "3B2QGXA7", VerdictCritical, "read-only"},
		{"Samsung SSD 980 PRO with Heatsink 2TB", "3B2QGXA7", VerdictCritical, "fixed in 4B2QGXA7"},
		{"Samsung SSD 980 PRO 1TB", "4B2QGXA7", VerdictUpdate, "newest 5B2QGXA7"},
		{"Samsung SSD 980 PRO 2TB", "5B2QGXA7", VerdictOK, "newest known"},
		{"Samsung SSD 980 PRO 2TB", "6B2QGXA7", VerdictOK, "newer than"},
		{"Samsung SSD 990 PRO 4TB", "0B2QJXD7", VerdictCritical, "fixed in 1B2QJXD7, newest 8B2QJXD7 (unverified)"},
		{"Samsung SSD 990 PRO 4TB", "1B2QJXD7", VerdictUpdate, "fixed in 3B2QJXD7"},
		{"Samsung SSD 990 PRO 4TB", "4B2QJXD7", VerdictUpdate, "older than the newest 8B2QJXD7 (unverified)"},
		{"Samsung SSD 990 PRO with Heatsink 4TB", "8B2QJXD7", VerdictOK, ""},
		// The V8 NAND line is its own family: never "older" than JXD7.
		{"Samsung SSD 990 PRO 4TB", "0B2QJXG7", VerdictUnknown, "no newest revision known"},
		// 970 EVO Plus: each hardware generation compares within itself.
		{"Samsung SSD 970 EVO Plus 1TB", "2B2QEXM7", VerdictOK, "newest known"},
		{"Samsung SSD 970 EVO Plus 1TB", "1B2QEXM7", VerdictUpdate, "2B2QEXM7"},
		{"Samsung SSD 970 EVO Plus 1TB", "3B2QEXM7", VerdictUpdate, "4B2QEXM7"},
		// 980 (non-PRO) must not pick up the 980 PRO entries.
		{"Samsung SSD 980 1TB", "2B4QFXO7", VerdictUpdate, "temperature"},
		{"Samsung SSD 980 1TB", "3B2QGXA7", VerdictUnknown, "no known family"},
		{"Samsung SSD 980 PRO 2TB", "1B2QJXD7", VerdictUnknown, "known: xB2QGXA7"},
		{"WD_BLACK SN850X 2000GB", "620311WD", VerdictUnknown, "no advisory data"},
		{"QEMU NVMe Ctrl", "7.2.22", VerdictUnknown, "no advisory data"},
	}
	for _, tt := range tests {
		t.Run(tt.model+"/"+tt.rev, func(t *testing.T) {
			j := JudgeFirmware(db, tt.model, tt.rev)
			if j.Verdict != tt.want || !strings.Contains(j.Reason, tt.reason) {
				t.Fatalf("got %s (%s), want %s with %q", j.Verdict, j.Reason, tt.want, tt.reason)
			}
			if j.Verdict != VerdictUnknown && j.Source == "" {
				t.Errorf("verdict %s without a source", j.Verdict)
			}
		})
	}
}
