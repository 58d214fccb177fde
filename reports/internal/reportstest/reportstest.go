// Package reportstest holds what the tests of reports/model,
// reports/analysis and reports/render share: the testdata directory
// (reports/testdata, which cmd/hwqual's tests and README also name), the
// golden-file check and the saved reports. Only tests import it.
package reportstest

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// Update rewrites the golden files (and README's sample output) from the
// renderers: go test ./reports/... -update, then review the diff.
var Update = flag.Bool("update", false, "rewrite reports/testdata/golden/* and README's sample output")

// root is the repository's root directory, found from this file so tests
// in any package under reports/ reach the same testdata.
func root() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("reportstest: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// RepoPath is a path under the repository's root.
func RepoPath(elem ...string) string { return filepath.Join(append([]string{root()}, elem...)...) }

// Path is a path under reports/testdata.
func Path(elem ...string) string {
	return RepoPath(append([]string{"reports", "testdata"}, elem...)...)
}

// ChdirReports runs the rest of the test in reports/: the goldens record
// paths relative to it (inventory and firmware roots, compared files, the
// fleet directory), where these tests ran before reports was split.
func ChdirReports(t *testing.T) {
	t.Helper()
	t.Chdir(RepoPath("reports"))
}

// Golden compares got with reports/testdata/golden/name, or rewrites it
// with -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := Path("golden", name)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports/... -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the renderer's output (go test ./reports/... -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// Render runs one reporter into memory.
func Render(t testing.TB, report func(io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Report reads the qualification report reports/testdata/name.
func Report(t testing.TB, name string) *model.Report {
	t.Helper()
	f, err := os.Open(Path(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := model.ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// Saved loads a report saved by a real run of hwqual on this project's VM
// (reports/testdata/reports, see its README).
func Saved(t testing.TB, name string) *model.Report {
	t.Helper()
	return Report(t, filepath.Join("reports", name))
}

// SampleBurnIn is a failed burn-in with a memory and a disk verification
// error and an unknown watch: every part a renderer shows.
func SampleBurnIn() *model.BurnIn {
	t0 := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	return &model.BurnIn{
		Header: model.NewHeader(model.DocBurnIn), Tool: model.Tool{Name: "hwqual", Version: "test"}, Host: "node1",
		Started: t0, Updated: t0.Add(time.Minute), RequestedSeconds: 120, ElapsedSeconds: 60, Runs: 1,
		MemoryBytes: 512 << 20, DiskFileBytes: 1 << 30, DiskIO: "direct",
		Phases: []model.BurnInPhase{{Name: "memory", Cycle: 1, Start: t0, End: t0.Add(10 * time.Second), Work: "a|b", Errors: 1}},
		Timelines: model.Timelines{
			Frequency:   []model.FreqSample{{Time: t0, Phase: "cpu", MHz: []int{4000, 4200}}},
			Temperature: []model.TempSample{{Time: t0, Celsius: map[string]float64{"k10temp/Tctl": 71.5}}},
			Quick:       []model.QuickSample{{Time: t0, Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 1 << 30}},
		},
		Errors: []model.VerifyError{{Time: t0, Kind: "memory", Test: "solid bits 3/64", Where: "half b", Offset: 4096, Expected: "0x0", Found: "0x1"},
			{Time: t0.Add(50 * time.Second), Kind: "disk", Test: "corrupted data, read before overwrite", Fault: "corrupted_data",
				Where: "/srv/.hwqual-burnin-disk-1 block 7", Offset: 7<<20 + 8192, Expected: "a3627d1427efa99a", Found: "28a937aef6b9c4bc",
				Detail: "4085 of 1048576 bytes differ, block bytes 8192–12287; header intact", Written: t0.Add(20 * time.Second), LastGood: t0.Add(30 * time.Second)}},
		ErrorCount: 2,
		Unknown:    []string{"ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller"},
		Verdict: model.Verdict{Result: model.StatusFail, Findings: []model.Finding{
			{Severity: model.StatusFail, Check: "memory-verify", When: t0, Where: "half b offset 4096 (0x1000)", Evidence: "solid bits 3/64: expected 0x0, found 0x1"},
			{Severity: model.StatusFail, Check: "disk-verify", When: t0.Add(50 * time.Second), Where: "/srv/.hwqual-burnin-disk-1 block 7 offset 7348224 (0x702000)",
				Evidence: "corrupted data, read before overwrite: expected a3627d1427efa99a, found 28a937aef6b9c4bc (4085 of 1048576 bytes differ, block bytes 8192–12287; header intact); written 2026-11-30T05:00:20Z, last read back intact 2026-11-30T05:00:30Z"}},
			Unknown: []model.Finding{{Severity: model.StatusIncomplete, Check: "unknown-watch", When: t0.Add(time.Minute), Where: "ECC (EDAC) counts",
				Evidence: "not read once during the run, so memory errors the ECC corrected or could not correct would go unseen — ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller"}}},
	}
}

// SampleBurnInTimelines is SampleBurnIn with five samples per timeline
// over four minutes: enough for every chart to draw a line.
func SampleBurnInTimelines() *model.BurnIn {
	b := SampleBurnIn()
	b.Timelines = model.Timelines{}
	for i := range 5 {
		at := b.Started.Add(time.Duration(i) * time.Minute)
		b.Timelines.Frequency = append(b.Timelines.Frequency, model.FreqSample{Time: at, Phase: "cpu", MHz: []int{4000 - 300*i, 4200}, MaxMHz: []int{4500, 4500}})
		b.Timelines.Temperature = append(b.Timelines.Temperature, model.TempSample{Time: at, Celsius: map[string]float64{"k10temp/Tctl": 60 + 3*float64(i), "nvme0/Composite": 40 + float64(i)}})
		b.Timelines.Quick = append(b.Timelines.Quick, model.QuickSample{Time: at, ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: float64(1<<30) * (1 - 0.04*float64(i))})
		b.Timelines.ErrorCounts = append(b.Timelines.ErrorCounts, model.CountSample{Time: at, Errors: i / 2, Warnings: i / 3})
	}
	return b
}
