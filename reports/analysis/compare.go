// Package analysis derives views across reports from the model: the
// comparison of machines (Compare) and the fleet summary of a directory
// (BuildFleet). It reads the verdicts the reports carry — each check's
// status and severity, each summary's pass — and never re-judges a score;
// the renderers in reports/render format what it builds.
package analysis

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/model"
)

// overlaps reports whether two cells' intervals overlap; a cell without
// one never does.
func overlaps(c, o model.CompareCell) bool {
	if c.CILow == nil || o.CILow == nil {
		return false
	}
	return *c.CILow <= *o.CIHigh && *o.CILow <= *c.CIHigh
}

// Compare builds the comparison of reports (at least two), the first being
// the base. files name where each came from.
func Compare(reps []*model.Report, files []string) (*model.Comparison, error) {
	if len(reps) < 2 {
		return nil, fmt.Errorf("compare needs at least two reports, got %d", len(reps))
	}
	cmp := &model.Comparison{Header: model.NewHeader(model.DocCompare)}
	index := make([]map[string]model.Check, len(reps))
	for i, r := range reps {
		cmp.Machines = append(cmp.Machines, model.ComparedMachine{
			Host: r.Host, File: files[i], Profile: r.Profile.Name, SchemaVersion: r.SchemaVersion,
			Timestamp: r.Timestamp, Pass: r.Summary.Pass,
		})
		index[i] = map[string]model.Check{}
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
			cmp.Omitted = append(cmp.Omitted, model.OmittedCheck{ID: id, In: in})
			continue
		}
		base := index[0][id]
		unit := base.NumericOrZero().Unit
		row := model.CompareRow{ID: id, Category: base.Category, Function: base.Function, Unit: unit, LowerIsBetter: units.LowerIsBetter(unit)}
		allMeasured := !base.IsText()
		for i := range reps {
			c := index[i][id]
			cell := model.CompareCell{Status: c.Status}
			switch {
			case c.IsText():
				cell.Found = c.Found()
			case c.Numeric == nil || c.Status == model.StatusNotMeasured || c.Numeric.Score <= 0 || c.Numeric.Unit != unit:
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
				row.Cells[i].Indistinct = i > 0 && overlaps(row.Cells[i], row.Cells[0])
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
				if *row.Cells[i].Better == *row.Cells[top].Better || overlaps(row.Cells[i], row.Cells[top]) {
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
func inventoryRows(reps []*model.Report) []model.InventoryRow {
	fields := []struct {
		name string
		get  func(*inventory.Inventory) string
	}{
		{"CPU", func(i *inventory.Inventory) string { return model.OrUnknown(i.CPU.Model) }},
		{"CPU topology", func(i *inventory.Inventory) string {
			return fmt.Sprintf("%s cores / %s threads, SMT %s", model.IntOrUnknown(i.CPU.PhysicalCores, ""), model.IntOrUnknown(i.CPU.LogicalCPUs, ""), model.BoolOrUnknown(i.CPU.SMT, "on", "off"))
		}},
		{"CPU max clock", func(i *inventory.Inventory) string { return model.IntOrUnknown(i.CPU.MaxMHz, " MHz") }},
		{"Memory", func(i *inventory.Inventory) string {
			return fmt.Sprintf("%s %s, ECC %s", model.BytesOrUnknown(i.Memory.TotalBytes), model.OrUnknown(i.Memory.Type), model.BoolOrUnknown(i.Memory.ECC, "yes", "no"))
		}},
		{"Disks", func(i *inventory.Inventory) string {
			var ds []string
			for _, d := range i.Storage.Disks {
				ds = append(ds, fmt.Sprintf("%s %s (%s)", d.Name, model.OrUnknown(d.Model), units.Bytes(float64(d.SizeBytes))))
			}
			return model.OrUnknown(strings.Join(ds, "; "))
		}},
		{"Disk firmware", func(i *inventory.Inventory) string {
			var fw []string
			for _, d := range i.Storage.Disks {
				fw = append(fw, d.Name+" "+model.OrUnknown(d.Firmware))
			}
			return model.OrUnknown(strings.Join(fw, "; "))
		}},
		{"BIOS", func(i *inventory.Inventory) string {
			return model.OrUnknown(strings.TrimSpace(i.System.BIOSVersion + " " + i.System.BIOSDate))
		}},
		{"Kernel", func(i *inventory.Inventory) string { return model.OrUnknown(i.System.KernelVersion) }},
	}
	var rows []model.InventoryRow
	for _, f := range fields {
		row := model.InventoryRow{Field: f.name}
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
