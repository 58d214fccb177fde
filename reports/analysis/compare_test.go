package analysis

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/htmlpage"
)

func metric(id string, unit units.Kind, score float64, st model.Status) model.Check {
	return model.Check{ID: "metric:" + id, Kind: model.KindMetric, Function: id, Severity: "fail", Status: st,
		Numeric: &model.Numeric{Unit: unit, Score: score, Minimum: 1}}
}

func rule(id, found string, st model.Status) model.Check {
	return model.Check{ID: "rule:" + id, Kind: model.KindRule, Function: id, Severity: "fail", Status: st, Text: &model.Text{Found: found}}
}

func report(host string, checks ...model.Check) *model.Report {
	return &model.Report{Header: model.NewHeader(model.DocQualification), Host: host, Profile: model.ProfileRef{Name: "p"}, Checks: checks,
		Timestamp: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
}

func TestCompareRatiosWinsGeomean(t *testing.T) {
	a := report("a", metric("X", units.BytesPerSecond, 100, model.StatusPass), metric("L", units.Nanoseconds, 1000, model.StatusPass),
		rule("r", "2", model.StatusFail), metric("Y", units.IOPS, 5, model.StatusPass), metric("N", units.IOPS, 10, model.StatusPass))
	b := report("b", metric("X", units.BytesPerSecond, 200, model.StatusPass), metric("L", units.Nanoseconds, 500, model.StatusPass),
		rule("r", "4", model.StatusPass), metric("Z", units.IOPS, 5, model.StatusPass), metric("N", units.IOPS, 0, model.StatusNotMeasured))
	c, err := Compare([]*model.Report{a, b}, []string{"a.json", "b.json"})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]model.CompareRow{}
	for _, r := range c.Rows {
		rows[r.ID] = r
	}
	if len(rows) != 4 {
		t.Fatalf("rows %v, want the 4 shared checks", c.Rows)
	}
	x, l := rows["metric:X"].Cells[1], rows["metric:L"].Cells[1]
	if *x.Ratio != 2 || *x.Better != 2 || !x.Best {
		t.Errorf("X (higher is better) ratio %v better %v best %v, want 2 2 true", *x.Ratio, *x.Better, x.Best)
	}
	if *l.Ratio != 0.5 || *l.Better != 2 || !rows["metric:L"].LowerIsBetter {
		t.Errorf("L (latency, lower is better) ratio %v better %v, want 0.5 2", *l.Ratio, *l.Better)
	}
	if rows["rule:r"].Cells[1].Found != "4" || rows["rule:r"].Cells[1].Ratio != nil {
		t.Errorf("rule cell %+v", rows["rule:r"].Cells[1])
	}
	if n := rows["metric:N"].Cells[1]; n.Score != nil || n.Ratio != nil {
		t.Errorf("not-measured cell has a score or ratio: %+v", n)
	}
	s := c.Summary
	if s.Compared != 2 || s.Wins[0] != 0 || s.Wins[1] != 2 {
		t.Errorf("summary %+v, want 2 compared (N not measured on b), wins [0 2]", s)
	}
	if s.GeoMeanBetter[0] != 1 || math.Abs(s.GeoMeanBetter[1]-2) > 1e-12 {
		t.Errorf("geometric means %v, want [1 2]", s.GeoMeanBetter)
	}
	if len(c.Omitted) != 2 || c.Omitted[0].ID != "metric:Y" || c.Omitted[0].In[0] != "a" || c.Omitted[1].ID != "metric:Z" {
		t.Errorf("omitted %+v, want Y (only a) and Z (only b)", c.Omitted)
	}
	if _, err := Compare([]*model.Report{a}, []string{"a.json"}); err == nil {
		t.Error("comparing one report should fail")
	}
}

func TestCompareSameHostLabelsByFile(t *testing.T) {
	a, b := report("h", metric("X", units.IOPS, 1, model.StatusPass)), report("h", metric("X", units.IOPS, 3, model.StatusPass))
	c, err := Compare([]*model.Report{a, b}, []string{"dir/before.json", "dir/after.json"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Machines[0].Label != "h (before.json)" || c.Machines[1].Label != "h (after.json)" {
		t.Errorf("labels %q %q", c.Machines[0].Label, c.Machines[1].Label)
	}
}

func TestFleetLatestPerHostAndSkips(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, r *model.Report) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := model.EncodeJSON(f, r); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	lat := metric("Read Latency p99", units.Nanoseconds, 2e6, model.StatusFail)
	lat.Numeric.Maximum, lat.Numeric.Minimum, lat.Numeric.RelativePercent = 1e6, 0, 200
	lat.Disk = &diskstat.Details{Latency: &diskstat.Latency{Count: 10, P99Ns: 2_000_000}}
	bw := metric("Seq Write", units.BytesPerSecond, 150, model.StatusPass)
	bw.Numeric.RelativePercent = 150
	newer := report("h1", lat, bw)
	newer.Timestamp = now.Add(-time.Hour)
	older := report("h1", bw)
	older.Timestamp = now.Add(-48 * time.Hour)
	older.Summary.Pass = true
	// File names sort against timestamps: the fleet must go by timestamp.
	write("a-newest.json", newer)
	write("z-oldest.json", older)
	ok := report("h2", bw)
	ok.Summary.Pass = true
	write("h2.json", ok)
	os.WriteFile(filepath.Join(dir, "inventory.json"), []byte(`{"schema_version": 2, "kind": "inventory", "cpu": {}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "future.json"), []byte(`{"schema_version": 7, "kind": "qualification"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.json"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, ".hidden.json"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "unreadable.json"), []byte("{}"), 0o000)

	f, err := BuildFleet(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 2 || f.Hosts[0].Host != "h1" || f.Hosts[1].Host != "h2" {
		t.Fatalf("hosts %+v", f.Hosts)
	}
	h1 := f.Hosts[0]
	if h1.File != "a-newest.json" || h1.OlderReports != 1 || h1.AgeSeconds != 3600 || h1.Pass {
		t.Errorf("h1 %+v: want the newest report (1 h old, failing), one older", h1)
	}
	if len(h1.Failing) != 1 || h1.Failing[0] != "metric:Read Latency p99" {
		t.Errorf("h1 failing %v", h1.Failing)
	}
	if h1.WorstMargin == nil || h1.WorstMargin.Check != "metric:Read Latency p99" || h1.WorstMargin.Percent != -100 {
		t.Errorf("h1 worst margin %+v, want latency at -100 %%", h1.WorstMargin)
	}
	if h1.ReadLatencyP99Seconds == nil || *h1.ReadLatencyP99Seconds != 0.002 {
		t.Errorf("h1 p99 %v", h1.ReadLatencyP99Seconds)
	}
	if m := f.Hosts[1].WorstMargin; m == nil || m.Percent != 50 {
		t.Errorf("h2 worst margin %+v, want +50 %%", m)
	}
	reasons := map[string]string{}
	for _, s := range f.Skipped {
		reasons[s.File] = s.Reason
	}
	wantSkipped := map[string]string{
		"inventory.json": "foreign", "future.json": "newer hwqual", "empty.json": "not a hwqual JSON document",
	}
	if os.Geteuid() != 0 { // root reads a 000 file
		wantSkipped["unreadable.json"] = "permission denied"
	} else {
		wantSkipped["unreadable.json"] = "foreign" // {} has no schema_version
	}
	for file, want := range wantSkipped {
		if !strings.Contains(reasons[file], want) {
			t.Errorf("skipped %s: reason %q, want it to mention %q", file, reasons[file], want)
		}
	}
	if len(f.Skipped) != len(wantSkipped) || f.Totals != (model.FleetTotals{Hosts: 2, Passed: 1, Failed: 1, Skipped: len(wantSkipped)}) {
		t.Errorf("skipped %v, totals %+v", f.Skipped, f.Totals)
	}
	if _, err := BuildFleet(filepath.Join(dir, "missing"), now); err == nil {
		t.Error("a missing directory must be an error")
	}
}

func TestCompareHTMLEscapesAndMarksBest(t *testing.T) {
	a := report("<a>", metric("X", units.BytesPerSecond, 100, model.StatusPass))
	b := report("b&c", metric("X", units.BytesPerSecond, 300, model.StatusFail))
	c, err := Compare([]*model.Report{a, b}, []string{"a.json", "b.json"})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := htmlpage.Page(c)(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<a>") || !strings.Contains(page, "&lt;a&gt;") || !strings.Contains(page, "b&amp;c") {
		t.Error("host names not escaped")
	}
	if !strings.Contains(page, `class="num result-fail best"`) || !strings.Contains(page, "(3.00×)") {
		t.Errorf("best cell or ratio missing:\n%s", page)
	}
}

// parallelRowJSON is a schema 2 BLAKE2-256-Parallel row; fields are
// spliced into its numeric part. Before the workers field, a report kept
// the workers that ran in extra.workers under the profile's /8 id.
func parallelRowJSON(id, numeric string) string {
	return `{"schema_version": 2, "kind": "qualification", "host": "h", "profile": {"name": "validator", "origin": "builtin:validator", "sha256": ""},
	"checks": [{"id": "` + id + `", "kind": "metric", "category": "CPU", "function": "BLAKE2-256-Parallel", "severity": "fail", "result": "pass",
	"numeric": {"unit": "bytes_per_second", "sample_count": 1, "relative_percent": 150, "noisy": false, "score_bytes_per_second": 1.5e9,
	"samples_bytes_per_second": [1.5e9], "stats": {"cv": 0}` + numeric + `}}], "summary": {"total": 1, "passed": 1, "pass": true}}`
}

// TestCompareNeverPairsDifferentWorkers: a 2-worker run, whether written
// today (id /2, workers 2) or before the workers field (id /8 with
// extra.workers 2), is never lined up against an 8-worker run; two
// 8-worker runs are.
func TestCompareNeverPairsDifferentWorkers(t *testing.T) {
	read := func(doc string) *model.Report {
		t.Helper()
		r, err := model.ReadJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	eight := read(parallelRowJSON("metric:BLAKE2-256-Parallel/8", `, "workers": 8, "workers_requested": 8, "cpus": [0,1,2,3,4,5,6,7]`))
	oldEight := read(parallelRowJSON("metric:BLAKE2-256-Parallel/8", `, "extra": {"workers": 8}`))
	oldTwo := read(parallelRowJSON("metric:BLAKE2-256-Parallel/8", `, "extra": {"workers": 2}`))
	newTwo := read(parallelRowJSON("metric:BLAKE2-256-Parallel/2", `, "workers": 2, "workers_requested": 8, "cpus": [0,1]`))
	if c := oldTwo.Checks[0]; c.ID != "metric:BLAKE2-256-Parallel/2" || c.Numeric.Workers != 2 || c.Numeric.WorkersRequested != 8 {
		t.Errorf("old 2-worker row reads as %s, workers %d of %d", c.ID, c.Numeric.Workers, c.Numeric.WorkersRequested)
	}
	for _, tt := range []struct {
		name   string
		a, b   *model.Report
		paired bool
	}{
		{"8 and 8", eight, oldEight, true},
		{"8 and old 2", eight, oldTwo, false},
		{"8 and new 2", eight, newTwo, false},
		{"old 2 and new 2", oldTwo, newTwo, true},
	} {
		c, err := Compare([]*model.Report{tt.a, tt.b}, []string{"a.json", "b.json"})
		if err != nil {
			t.Fatal(err)
		}
		if paired := len(c.Rows) == 1; paired != tt.paired {
			t.Errorf("%s: rows %+v omitted %+v, paired %v want %v", tt.name, c.Rows, c.Omitted, paired, tt.paired)
		}
	}
}

// TestCompareIntervals: a lead smaller than the two machines' 95 %
// intervals is "no measurable difference" and nobody's win; a lead clear
// of them is a win.
func TestCompareIntervals(t *testing.T) {
	withCI := func(id string, score, half float64) model.Check {
		c := metric(id, units.BytesPerSecond, score, model.StatusPass)
		c.Numeric.CILow, c.Numeric.CIHigh, c.Numeric.CILevel = score-half, score+half, 0.95
		return c
	}
	a := report("a", withCI("Close", 1000, 15), withCI("Far", 1000, 10))
	b := report("b", withCI("Close", 1020, 15), withCI("Far", 1100, 10))
	c, err := Compare([]*model.Report{a, b}, []string{"a.json", "b.json"})
	if err != nil {
		t.Fatal(err)
	}
	close, far := c.Rows[0].Cells, c.Rows[1].Cells
	if !close[1].Indistinct || !close[0].Best || !close[1].Best {
		t.Errorf("Close (1000±15 vs 1020±15): %+v, want no measurable difference, both best", close)
	}
	if far[1].Indistinct || far[0].Best || !far[1].Best {
		t.Errorf("Far (1000±10 vs 1100±10): %+v, want b's clear win", far)
	}
	if c.Summary.Wins[0] != 0 || c.Summary.Wins[1] != 1 {
		t.Errorf("wins %v, want [0 1]: the close row is nobody's", c.Summary.Wins)
	}
	var buf strings.Builder
	if err := render.Table(c)(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "1020.00 Bs (1.02×) no measurable difference") {
		t.Errorf("table does not name the indistinct row:\n%s", buf.String())
	}
}
