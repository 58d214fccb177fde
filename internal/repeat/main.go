// Command repeat runs one qualification several times back to back and
// prints how far each score moved from run to run, beside the interval
// each run claimed for itself, and how long each verdict took: the
// repeatability check of docs/confidence.md. `make repeat` runs it.
//
// A run's 95 % interval says how sure that run is of its own windows; the
// spread between runs also holds what changes slower than a run (a
// host's memory bandwidth, its clock, a neighbour), which no sampler
// inside one run can see. Where the spread is wider than the intervals,
// the machine, not the sampling, sets the limit; `make fidelity` shows
// the same spread in Substrate's own code.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/stats"
	"github.com/hwqual/hwqual/reports/model"
)

func main() {
	bin := flag.String("hwqual", "bin/hwqual", "hwqual binary")
	profile := flag.String("profile", "validator", "profile to run (built-in name or file)")
	dir := flag.String("dir", "", "directory for the disk rows (default: a temporary directory under /var/tmp)")
	runs := flag.Int("runs", 5, "back-to-back runs (at least 2)")
	precision := flag.Float64("precision", 1, "per cent: a row repeats when every run lies within ± this of the runs' mean")
	flag.Parse()
	if err := run(os.Stdout, *bin, *profile, *dir, *runs, *precision); err != nil {
		fmt.Fprintln(os.Stderr, "repeat:", err)
		os.Exit(2)
	}
}

func run(w io.Writer, bin, profile, dir string, runs int, precision float64) error {
	if runs < 2 {
		return fmt.Errorf("-runs %d: need at least 2", runs)
	}
	if precision <= 0 {
		return fmt.Errorf("-precision %g: must be positive", precision)
	}
	tmp, err := os.MkdirTemp("", "hwqual-repeat-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dir == "" {
		d, err := os.MkdirTemp("/var/tmp", "hwqual-repeat-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var reports []*model.Report
	var took []time.Duration
	for i := range runs {
		path := filepath.Join(tmp, fmt.Sprintf("run%d.json", i+1))
		// --accept-unknown and --allow-fail: the check is how the scores
		// repeat, not whether this machine passes the profile.
		cmd := exec.Command(bin, "--profile", profile, "--dir", dir, "--json", path, "--quiet", "--accept-unknown", "--allow-fail")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s run %d: %w", bin, i+1, err)
		}
		took = append(took, time.Since(start))
		rep, err := model.LoadReport(path)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	host, cpu := reports[0].Host, ""
	if inv := reports[0].Inventory; inv != nil {
		cpu = inv.CPU.Model
	}
	fmt.Fprintf(w, "%d runs of profile %s on %s (%s), %s, disk directory %s\n\n", runs, profile, host, cpu, time.Now().UTC().Format(time.RFC3339), dir)
	secs := make([]string, len(took))
	for i, d := range took {
		secs[i] = fmt.Sprintf("%.1f", d.Seconds())
	}
	fmt.Fprintf(w, "verdict time per run (s): %s\n\n", strings.Join(secs, ", "))
	writeSpread(w, reports, precision)
	return nil
}

// rowSpread is one measured row across the runs.
type rowSpread struct {
	id, function string
	scores       []float64
	// halfWidths are each run's 95 % interval half-width, relative to its
	// score; NaN where a run had too few windows for one.
	halfWidths []float64
}

// spreads collects, in the first report's order, every row measured in
// all runs.
func spreads(reports []*model.Report) []rowSpread {
	var rows []rowSpread
	for _, c := range reports[0].Checks {
		if c.Numeric == nil || c.Numeric.Score <= 0 {
			continue
		}
		r := rowSpread{id: c.ID, function: c.Function}
		for _, rep := range reports {
			n := numericByID(rep, c.ID)
			if n == nil || n.Score <= 0 {
				r.scores = nil
				break
			}
			r.scores = append(r.scores, n.Score)
			hw := math.NaN()
			if n.CILevel > 0 {
				hw = (n.CIHigh - n.CILow) / 2 / n.Score
			}
			r.halfWidths = append(r.halfWidths, hw)
		}
		if r.scores != nil {
			rows = append(rows, r)
		}
	}
	return rows
}

func numericByID(rep *model.Report, id string) *model.Numeric {
	for _, c := range rep.Checks {
		if c.ID == id {
			return c.Numeric
		}
	}
	return nil
}

func writeSpread(w io.Writer, reports []*model.Report, precision float64) {
	rows := spreads(reports)
	if len(rows) == 0 {
		fmt.Fprintln(w, "no row was measured in every run")
		return
	}
	fmt.Fprintf(w, "| row | deviation from the runs' mean, per run (%%) | largest | within ±%g %% | each run's own 95 %% interval (±%%) |\n|---|---|---|---|---|\n", precision)
	for _, r := range rows {
		dev, largest := stats.DeviationsPercent(r.scores)
		d := make([]string, len(dev))
		for i, v := range dev {
			d[i] = fmt.Sprintf("%+.1f", v)
		}
		hw := make([]string, len(r.halfWidths))
		for i, v := range r.halfWidths {
			hw[i] = "-"
			if !math.IsNaN(v) {
				hw[i] = fmt.Sprintf("%.1f", 100*v)
			}
		}
		within := "yes"
		if largest > precision {
			within = "no"
		}
		fmt.Fprintf(w, "| %s | %s | %.2f %% | %s | %s |\n", r.function, strings.Join(d, ", "), largest, within, strings.Join(hw, ", "))
	}
}
