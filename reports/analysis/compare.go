package reports

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
)

// Document kinds of the report commands' own outputs.
const (
	DocCompare = schema.Compare
	DocFleet   = schema.Fleet
)

// Comparison puts two or more reports side by side on the checks they
// share, with every score's ratio to the first machine's, and a summary in
// the Phoronix Test Suite manner: wins per machine and the geometric mean
// of the ratios, each turned so that above 1 means better.
type Comparison struct {
	Header
	Machines []ComparedMachine `json:"machines"`
	Rows     []CompareRow      `json:"rows"`
	// Omitted are the checks not every report has (another profile or
	// schema version): compared on none, listed so nothing vanishes.
	Omitted   []OmittedCheck `json:"omitted,omitempty"`
	Inventory []InventoryRow `json:"inventory"`
	Summary   CompareSummary `json:"summary"`
}

// ComparedMachine is one report in a comparison; the first is the base of
// every ratio.
type ComparedMachine struct {
	// Label names the machine in columns: its host, with the file added
	// when two reports come from the same host.
	Label         string    `json:"label"`
	Host          string    `json:"host"`
	File          string    `json:"file"`
	Profile       string    `json:"profile"`
	SchemaVersion int       `json:"schema_version"`
	Timestamp     time.Time `json:"timestamp"`
	Pass          bool      `json:"pass"`
}

// CompareRow is one check across the machines.
type CompareRow struct {
	ID            string        `json:"id"`
	Category      string        `json:"category"`
	Function      string        `json:"function"`
	Unit          units.Kind    `json:"unit"`
	LowerIsBetter bool          `json:"lower_is_better,omitempty"`
	Cells         []CompareCell `json:"cells"`
}

// CompareCell is one machine's result on a check. Ratio is Score over the
// first machine's score (absent when either was not measured); Better is
// the same ratio turned so above 1 means better than the first machine.
type CompareCell struct {
	Score  *float64 `json:"score,omitempty"`
	Found  string   `json:"found,omitempty"`
	Status Status   `json:"result"`
	Ratio  *float64 `json:"ratio,omitempty"`
	Better *float64 `json:"better_ratio,omitempty"`
	// CILow and CIHigh are the score's 95 % interval, when its report has
	// one.
	CILow  *float64 `json:"ci_low,omitempty"`
	CIHigh *float64 `json:"ci_high,omitempty"`
	// Indistinct marks a score whose interval overlaps the first machine's:
	// the two differ by less than their intervals, no measurable
	// difference, whatever the ratio says.
	Indistinct bool `json:"no_measurable_difference,omitempty"`
	// Best marks the machine(s) with the best score on the row: the top
	// score and every score whose interval overlaps its. A row whose best
	// is shared that way is no machine's win.
	Best bool `json:"best,omitempty"`
}

// overlaps reports whether two cells' intervals overlap; a cell without
// one never does.
func (c CompareCell) overlaps(o CompareCell) bool {
	if c.CILow == nil || o.CILow == nil {
		return false
	}
	return *c.CILow <= *o.CIHigh && *o.CILow <= *c.CIHigh
}

// OmittedCheck is a check some of the reports lack.
type OmittedCheck struct {
	ID string `json:"id"`
	// In lists the machines (labels) whose reports have the check.
	In []string `json:"in"`
}

// InventoryRow is one machine property across the reports.
type InventoryRow struct {
	Field   string   `json:"field"`
	Values  []string `json:"values"`
	Differs bool     `json:"differs"`
}

// CompareSummary is the Phoronix-style closing line.
type CompareSummary struct {
	// Compared counts the numeric checks measured on every machine: the
	// rows wins and geometric means are computed over.
	Compared int   `json:"compared"`
	Wins     []int `json:"wins"`
	// GeoMeanBetter is, per machine, the geometric mean of its better
	// ratios to the first machine (the first's is 1).
	GeoMeanBetter []float64 `json:"geomean_better_ratio"`
}

// Compare builds the comparison of reports (at least two), the first being
// the base. files name where each came from.
func Compare(reps []*Report, files []string) (*Comparison, error) {
	if len(reps) < 2 {
		return nil, fmt.Errorf("compare needs at least two reports, got %d", len(reps))
	}
	cmp := &Comparison{Header: NewHeader(DocCompare)}
	index := make([]map[string]Check, len(reps))
	for i, r := range reps {
		cmp.Machines = append(cmp.Machines, ComparedMachine{
			Host: r.Host, File: files[i], Profile: r.Profile.Name, SchemaVersion: r.SchemaVersion,
			Timestamp: r.Timestamp, Pass: r.Summary.Pass,
		})
		index[i] = map[string]Check{}
		for _, c := range r.Checks {
			index[i][c.ID] = c
		}
	}
	hosts := map[string]int{}
	for _, r := range reps {
		hosts[r.Host]++
	}
	for i := range cmp.Machines {
		m := &cmp.Machines[i]
		m.Label = m.Host
		if hosts[m.Host] > 1 {
			m.Label = fmt.Sprintf("%s (%s)", m.Host, filepath.Base(m.File))
		}
	}
	// Rows in the first report's order, then checks only later reports have.
	var order []string
	seen := map[string]bool{}
	for _, r := range reps {
		for _, c := range r.Checks {
			if id := c.ID; !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
	}
	n := len(reps)
	cmp.Summary.Wins = make([]int, n)
	logSum := make([]float64, n)
	for _, id := range order {
		var in []string
		for i := range reps {
			if _, ok := index[i][id]; ok {
				in = append(in, cmp.Machines[i].Label)
			}
		}
		if len(in) < n {
			cmp.Omitted = append(cmp.Omitted, OmittedCheck{ID: id, In: in})
			continue
		}
		base := index[0][id]
		unit := base.numeric().Unit
		row := CompareRow{ID: id, Category: base.Category, Function: base.Function, Unit: unit, LowerIsBetter: units.LowerIsBetter(unit)}
		allMeasured := !base.isText()
		for i := range reps {
			c := index[i][id]
			cell := CompareCell{Status: c.Status}
			switch {
			case c.isText():
				cell.Found = c.found()
			case c.Numeric == nil || c.Status == StatusNotMeasured || c.Numeric.Score <= 0 || c.Numeric.Unit != unit:
				allMeasured = false
			default:
				cell.Score = ptrTo(c.Numeric.Score)
				if c.Numeric.CILevel > 0 {
					cell.CILow, cell.CIHigh = ptrTo(c.Numeric.CILow), ptrTo(c.Numeric.CIHigh)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		if b := row.Cells[0].Score; b != nil {
			for i := range row.Cells {
				s := row.Cells[i].Score
				if s == nil {
					continue
				}
				ratio := *s / *b
				better := ratio
				if row.LowerIsBetter {
					better = 1 / ratio
				}
				row.Cells[i].Ratio, row.Cells[i].Better = ptrTo(ratio), ptrTo(better)
				row.Cells[i].Indistinct = i > 0 && row.Cells[i].overlaps(row.Cells[0])
			}
		}
		if allMeasured {
			cmp.Summary.Compared++
			top := 0
			for i, cell := range row.Cells {
				if *cell.Better > *row.Cells[top].Better {
					top = i
				}
			}
			var best []int
			for i := range row.Cells {
				logSum[i] += math.Log(*row.Cells[i].Better)
				if *row.Cells[i].Better == *row.Cells[top].Better || row.Cells[i].overlaps(row.Cells[top]) {
					row.Cells[i].Best = true
					best = append(best, i)
				}
			}
			// A win is a best score no other machine's interval reaches:
			// a lead smaller than the intervals is no measurable
			// difference.
			if len(best) == 1 {
				cmp.Summary.Wins[best[0]]++
			}
		}
		cmp.Rows = append(cmp.Rows, row)
	}
	for i := range reps {
		g := 1.0
		if cmp.Summary.Compared > 0 {
			g = math.Exp(logSum[i] / float64(cmp.Summary.Compared))
		}
		cmp.Summary.GeoMeanBetter = append(cmp.Summary.GeoMeanBetter, g)
	}
	cmp.Inventory = inventoryRows(reps)
	return cmp, nil
}

func ptrTo[T any](v T) *T { return &v }

// inventoryRows lines up the properties buyers compare machines on.
func inventoryRows(reps []*Report) []InventoryRow {
	fields := []struct {
		name string
		get  func(*inventory.Inventory) string
	}{
		{"CPU", func(i *inventory.Inventory) string { return orUnknown(i.CPU.Model) }},
		{"CPU topology", func(i *inventory.Inventory) string {
			return fmt.Sprintf("%s cores / %s threads, SMT %s", optInt(i.CPU.PhysicalCores, ""), optInt(i.CPU.LogicalCPUs, ""), optBool(i.CPU.SMT, "on", "off"))
		}},
		{"CPU max clock", func(i *inventory.Inventory) string { return optInt(i.CPU.MaxMHz, " MHz") }},
		{"Memory", func(i *inventory.Inventory) string {
			return fmt.Sprintf("%s %s, ECC %s", optBytes(i.Memory.TotalBytes), orUnknown(i.Memory.Type), optBool(i.Memory.ECC, "yes", "no"))
		}},
		{"Disks", func(i *inventory.Inventory) string {
			var ds []string
			for _, d := range i.Storage.Disks {
				ds = append(ds, fmt.Sprintf("%s %s (%s)", d.Name, orUnknown(d.Model), inventory.FormatBytes(float64(d.SizeBytes))))
			}
			return orUnknown(strings.Join(ds, "; "))
		}},
		{"Disk firmware", func(i *inventory.Inventory) string {
			var fw []string
			for _, d := range i.Storage.Disks {
				fw = append(fw, d.Name+" "+orUnknown(d.Firmware))
			}
			return orUnknown(strings.Join(fw, "; "))
		}},
		{"BIOS", func(i *inventory.Inventory) string {
			return orUnknown(strings.TrimSpace(i.System.BIOSVersion + " " + i.System.BIOSDate))
		}},
		{"Kernel", func(i *inventory.Inventory) string { return orUnknown(i.System.KernelVersion) }},
	}
	var rows []InventoryRow
	for _, f := range fields {
		row := InventoryRow{Field: f.name}
		for _, r := range reps {
			v := "not recorded"
			if r.Inventory != nil {
				v = f.get(r.Inventory)
			}
			row.Values = append(row.Values, v)
		}
		row.Differs = slices.ContainsFunc(row.Values, func(v string) bool { return v != row.Values[0] })
		rows = append(rows, row)
	}
	return rows
}
