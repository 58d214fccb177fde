package render_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/analysis"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// TestGoldenReportTools pins the compare, fleet and Prometheus renderings
// of saved reports (go test ./reports/... -run Golden -update rewrites them).
func TestGoldenReportTools(t *testing.T) {
	reportstest.ChdirReports(t)
	fleetDir := filepath.Join("testdata", "reports", "fleet")
	a, b := filepath.Join(fleetDir, "node-a-1796015626.json"), filepath.Join(fleetDir, "node-b-1796015588.json")
	ra, rb := reportstest.Saved(t, "fleet/node-a-1796015626.json"), reportstest.Saved(t, "fleet/node-b-1796015588.json")
	cmp, err := analysis.Compare([]*model.Report{ra, rb}, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	reportstest.Golden(t, "compare.table.txt", reportstest.Render(t, render.Table(cmp)))
	reportstest.Golden(t, "compare.md", reportstest.Render(t, render.Markdown(cmp)))
	reportstest.Golden(t, "compare.json", reportstest.Render(t, render.JSON(cmp)))

	// A fixed "now" keeps the ages stable.
	f, err := analysis.BuildFleet(fleetDir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	reportstest.Golden(t, "fleet.table.txt", reportstest.Render(t, render.Table(f)))
	reportstest.Golden(t, "fleet.md", reportstest.Render(t, render.Markdown(f)))
	reportstest.Golden(t, "fleet.json", reportstest.Render(t, render.JSON(f)))
	reportstest.Golden(t, "fleet.prom", reportstest.Render(t, prom.Text(f)))

	reportstest.Golden(t, "storage-vm.prom", reportstest.Render(t, prom.Text(reportstest.Saved(t, "storage-vm.json"))))
}
