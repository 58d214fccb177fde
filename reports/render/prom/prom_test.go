package prom

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	prommodel "github.com/prometheus/common/model"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

func parseProm(t *testing.T, b []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(prommodel.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output does not parse as Prometheus text: %v\n%s", err, b)
	}
	return mfs
}

func labels(m *dto.Metric) map[string]string {
	l := map[string]string{}
	for _, lp := range m.GetLabel() {
		l[lp.GetName()] = lp.GetValue()
	}
	return l
}

func TestPrometheusParsesWithBaseUnits(t *testing.T) {
	for _, name := range []string{"validator-vm.json", "storage-vm.json"} {
		t.Run(name, func(t *testing.T) {
			rep := reportstest.Saved(t, name)
			var buf bytes.Buffer
			if err := Text(rep)(&buf); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"# HELP hwqual_score ", "# TYPE hwqual_score gauge", "# TYPE hwqual_verdict gauge"} {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("output lacks %q", want)
				}
			}
			mfs := parseProm(t, buf.Bytes())
			for _, n := range []string{"hwqual_score", "hwqual_minimum", "hwqual_check_passed", "hwqual_verdict", "hwqual_report_timestamp_seconds"} {
				if mfs[n] == nil {
					t.Errorf("metric %s missing", n)
				}
			}
			for _, mf := range mfs {
				for _, m := range mf.GetMetric() {
					if m.TimestampMs != nil {
						t.Errorf("%s carries a timestamp; the textfile collector rejects them", mf.GetName())
					}
				}
			}
			if got := mfs["hwqual_report_timestamp_seconds"].GetMetric()[0].GetGauge().GetValue(); math.Abs(got-float64(rep.Timestamp.UnixNano())/1e9) > 1e-3 {
				t.Errorf("timestamp %v, want %v", got, rep.Timestamp.Unix())
			}
			if got := mfs["hwqual_verdict"].GetMetric()[0].GetGauge().GetValue(); got != boolGauge(rep.Summary.Pass) {
				t.Errorf("verdict %v, summary pass %v", got, rep.Summary.Pass)
			}
			// Every measured score is exported, latency in seconds.
			scores := map[string]*dto.Metric{}
			for _, m := range mfs["hwqual_score"].GetMetric() {
				scores[labels(m)["check"]] = m
			}
			for _, c := range rep.Checks {
				if c.Numeric == nil || c.Status == model.StatusNotMeasured {
					continue
				}
				n := c.Numeric
				m := scores[c.ID]
				if m == nil {
					t.Errorf("no hwqual_score for %s", c.ID)
					continue
				}
				want, unit := n.Score, string(n.Unit)
				if n.Unit == "ns" {
					want, unit = n.Score/1e9, "seconds"
				}
				if n.Unit == "iops" {
					unit = "operations_per_second"
				}
				if got := m.GetGauge().GetValue(); got != want || labels(m)["unit"] != unit || labels(m)["profile"] != rep.Profile.Name {
					t.Errorf("%s: got %v %v, want %v unit %s", c.ID, got, labels(m), want, unit)
				}
			}
		})
	}
}

// TestPrometheusFileReplacedAtomically checks the textfile is replaced by a
// rename: a reader holding the old file keeps reading the old, whole
// content, and no temporary file is left beside it.
func TestPrometheusFileReplacedAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hwqual.prom")
	rep := reportstest.Saved(t, "validator-vm.json")
	if err := WriteFile(path, rep); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldInfo, _ := old.Stat()

	rep2 := reportstest.Saved(t, "storage-vm.json")
	if err := WriteFile(path, rep2); err != nil {
		t.Fatal(err)
	}
	newInfo, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(oldInfo, newInfo) {
		t.Fatal("file rewritten in place, not replaced by rename")
	}
	oldBytes, _ := os.ReadFile("/proc/self/fd/" + strconv.FormatUint(uint64(old.Fd()), 10))
	if !strings.Contains(string(oldBytes), `profile="validator"`) {
		t.Error("the open old file changed under its reader")
	}
	newBytes, _ := os.ReadFile(path)
	mfs := parseProm(t, newBytes)
	if got := labels(mfs["hwqual_verdict"].GetMetric()[0])["profile"]; got != "storage" {
		t.Errorf("new file has profile %q, want storage", got)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v: node_exporter must be able to read it", info.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only hwqual.prom", len(entries))
	}
}

func TestPrometheusFileUnwritableDir(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "missing", "x.prom"), reportstest.Saved(t, "validator-vm.json"))
	if err == nil || !strings.Contains(err.Error(), "x.prom") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
}
