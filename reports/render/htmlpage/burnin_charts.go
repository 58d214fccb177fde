package htmlpage

import (
	"fmt"
	"image/color"
	"maps"
	"slices"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// Burn-in timelines are drawn against minutes since the burn-in started
// (wall clock, so a resumed run shows the gap the crash left).
func burnInMinutes(b *model.BurnIn, t time.Time) float64 { return t.Sub(b.Started).Minutes() }

// burnInPalette has more colours than lineColor's: a machine has several
// temperature sensors, and series are told apart by colour only.
var burnInPalette = []color.Color{
	colorLine, color.RGBA{R: 0x6a, G: 0x1b, B: 0x9a, A: 0xff}, color.RGBA{R: 0x00, G: 0x83, B: 0x8f, A: 0xff},
	colorFail, color.RGBA{R: 0x55, G: 0x8b, B: 0x2f, A: 0xff}, color.RGBA{R: 0x5d, G: 0x40, B: 0x37, A: 0xff},
}

// refLine is a dashed horizontal line on a timeline: the level the verdict
// compares against.
type refLine struct {
	y     float64
	label string
}

// timelineChart draws named series over burn-in minutes, with an optional
// reference line; nil when no series has a point.
func timelineChart(title, yLabel string, series map[string]plotter.XYs, ref *refLine) ([]byte, error) {
	names := slices.Sorted(maps.Keys(series))
	names = slices.DeleteFunc(names, func(n string) bool { return len(series[n]) == 0 })
	if len(names) == 0 {
		return nil, nil
	}
	p := newPlot(title)
	p.X.Label.Text = "minutes since the burn-in started"
	p.Y.Label.Text = yLabel
	lo, hi, end := 0.0, 0.0, 0.0
	for i, n := range names {
		line, points, err := plotter.NewLinePoints(series[n])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", title, err)
		}
		col := burnInPalette[i%len(burnInPalette)]
		line.Color, points.Color, points.Radius = col, col, vg.Points(1.5)
		p.Add(line, points)
		p.Legend.Add(n, line)
		for _, xy := range series[n] {
			lo, hi, end = min(lo, xy.Y), max(hi, xy.Y), max(end, xy.X)
		}
	}
	if ref != nil {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: ref.y}, {X: max(end, 0.01), Y: ref.y}})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", title, err)
		}
		l.Color, l.Dashes = colorWarn, []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(ref.label, l)
		hi = max(hi, ref.y)
	}
	// From zero (errors, percentages, MHz and °C all read from there), with
	// room above for the legend.
	p.Y.Min, p.Y.Max = lo, max(hi*1.1, 1)+max(hi, 1)*0.06*float64(len(names)+1)
	p.X.Min = 0
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return svgOf(p, 16*vg.Centimeter, 8*vg.Centimeter)
}

// BurnInQuickChart is each quick measurement's score over time as a
// percentage of its first, with the 90 % line below which the verdict
// warns. Nil when no quick measurement ran.
func BurnInQuickChart(b *model.BurnIn) ([]byte, error) {
	first := map[string]model.QuickSample{}
	series := map[string]plotter.XYs{}
	for _, q := range b.Timelines.Quick {
		f, ok := first[q.Metric]
		if !ok {
			f = q
			first[q.Metric] = q
		}
		if f.Score == 0 {
			continue
		}
		name := fmt.Sprintf("%s (first %s)", q.Metric, units.Format(f.Score, units.Kind(f.Unit)))
		series[name] = append(series[name], plotter.XY{X: burnInMinutes(b, q.Time), Y: 100 * q.Score / f.Score})
	}
	return timelineChart("Quick measurements as % of the first", "% of first measurement", series,
		&refLine{y: 90, label: "90 % (a quick measurement below it warns)"})
}

// BurnInFrequencyChart is the cores' mean and slowest frequency over time,
// with 90 % of the cores' maximum (cpuinfo_max_freq) where revealed: a
// sustained drop below it under load is throttling. Nil without samples.
func BurnInFrequencyChart(b *model.BurnIn) ([]byte, error) {
	series := map[string]plotter.XYs{}
	maxSum, maxN := 0, 0
	for _, s := range b.Timelines.Frequency {
		if len(s.MHz) == 0 {
			continue
		}
		sum := 0
		for _, v := range s.MHz {
			sum += v
		}
		x := burnInMinutes(b, s.Time)
		series["mean of cores"] = append(series["mean of cores"], plotter.XY{X: x, Y: float64(sum) / float64(len(s.MHz))})
		series["slowest core"] = append(series["slowest core"], plotter.XY{X: x, Y: float64(slices.Min(s.MHz))})
		for _, m := range s.MaxMHz {
			maxSum, maxN = maxSum+m, maxN+1
		}
	}
	var ref *refLine
	if maxN > 0 {
		ref = &refLine{y: 0.9 * float64(maxSum) / float64(maxN), label: "90 % of the cores' maximum"}
	}
	return timelineChart("Core frequency", "MHz", series, ref)
}

// BurnInTemperatureChart is every hwmon sensor's temperature over time.
// Nil without samples.
func BurnInTemperatureChart(b *model.BurnIn) ([]byte, error) {
	series := map[string]plotter.XYs{}
	for _, s := range b.Timelines.Temperature {
		for k, v := range s.Celsius {
			series[k] = append(series[k], plotter.XY{X: burnInMinutes(b, s.Time), Y: v})
		}
	}
	return timelineChart("Temperatures", "°C", series, nil)
}

// BurnInErrorChart is the running count of errors and warnings. Nil
// without samples.
func BurnInErrorChart(b *model.BurnIn) ([]byte, error) {
	series := map[string]plotter.XYs{}
	for _, s := range b.Timelines.ErrorCounts {
		x := burnInMinutes(b, s.Time)
		series["errors"] = append(series["errors"], plotter.XY{X: x, Y: float64(s.Errors)})
		series["warnings"] = append(series["warnings"], plotter.XY{X: x, Y: float64(s.Warnings)})
	}
	return timelineChart("Errors and warnings so far", "count", series, nil)
}
