package reports

import (
	"path/filepath"
	"testing"
	"time"
)

// TestGoldenReportTools pins the compare, fleet and Prometheus renderings
// of saved reports (go test ./reports -run Golden -update rewrites them).
func TestGoldenReportTools(t *testing.T) {
	fleetDir := filepath.Join("testdata", "reports", "fleet")
	a, b := filepath.Join(fleetDir, "node-a-1796015626.json"), filepath.Join(fleetDir, "node-b-1796015588.json")
	ra, rb := loadSaved(t, "fleet/node-a-1796015626.json"), loadSaved(t, "fleet/node-b-1796015588.json")
	cmp, err := Compare([]*Report{ra, rb}, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "compare.table.txt", render(t, cmp, WriteCompareTable))
	golden(t, "compare.md", render(t, cmp, WriteCompareMarkdown))
	golden(t, "compare.json", render(t, cmp, WriteCompareJSON))

	// A fixed "now" keeps the ages stable.
	f, err := BuildFleet(fleetDir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fleet.table.txt", render(t, f, WriteFleetTable))
	golden(t, "fleet.md", render(t, f, WriteFleetMarkdown))
	golden(t, "fleet.json", render(t, f, WriteFleetJSON))
	golden(t, "fleet.prom", render(t, f, WriteFleetPrometheus))

	golden(t, "storage-vm.prom", render(t, loadSaved(t, "storage-vm.json"), WritePrometheus))
}
