package htmlpage

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// Colours of the pass/fail scale, shared by the charts and the HTML table.
var (
	colorPass    = color.RGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	colorFail    = color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colorWarn    = color.RGBA{R: 0xef, G: 0x8f, B: 0x00, A: 0xff}
	colorInfo    = color.RGBA{R: 0x60, G: 0x7d, B: 0x8b, A: 0xff}
	colorBand    = color.RGBA{R: 0xff, G: 0xe0, B: 0x82, A: 0xff}
	colorLine    = color.RGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff}
	colorMinimum = color.Black
)

func statusColor(s model.Status) color.Color {
	switch s {
	case model.StatusPass:
		return colorPass
	case model.StatusFail:
		return colorFail
	case model.StatusWarn:
		return colorWarn
	}
	return colorInfo
}

// newPlot is a plot in the sans-serif face throughout: it reads better on
// screen and in print than gonum's default serif.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.Legend.TextStyle.Font,
		&p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font, &p.X.Tick.Label.Font, &p.Y.Tick.Label.Font} {
		f.Variant = "Sans"
	}
	return p
}

// svgOf draws p into an in-memory SVG and returns it without the XML
// prologue, ready to be inlined in HTML.
func svgOf(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	// Fonts are embedded: the page must not depend on the reader having
	// the fonts gonum measured the labels with.
	c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	out := buf.Bytes()
	if i := bytes.Index(out, []byte("<svg")); i > 0 {
		out = out[i:]
	}
	return out, nil
}

// scoreBars are the checks the percentage chart shows: measured scores
// judged against a minimum, where score ÷ minimum is the figure of merit.
func scoreBars(r *model.Report) []model.Check {
	var out []model.Check
	for _, c := range r.Checks {
		if c.Numeric == nil || c.Status == model.StatusNotMeasured || c.Numeric.Minimum == 0 || c.Numeric.Maximum != 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

// ScoresChart is a horizontal bar per check: its score as a percentage of
// the minimum, coloured by result, with the 100 % line and the tolerance
// band below it (scores in the band pass under Substrate's rule). Nil when
// the report has no such check.
func ScoresChart(r *model.Report) ([]byte, error) {
	checks := scoreBars(r)
	if len(checks) == 0 {
		return nil, nil
	}
	p := newPlot("Scores as % of the profile minimum")
	p.X.Label.Text = "% of minimum"
	names := make([]string, len(checks))
	maxPct := 100.0
	for i, c := range checks {
		names[len(checks)-1-i] = c.Function // first check on top
		maxPct = max(maxPct, c.Numeric.RelativePercent)
	}
	top := float64(len(checks)) - 0.5
	band, err := plotter.NewPolygon(plotter.XYs{{X: 100 - r.TolerancePercent, Y: -0.5}, {X: 100, Y: -0.5}, {X: 100, Y: top}, {X: 100 - r.TolerancePercent, Y: top}})
	if err != nil {
		return nil, err
	}
	band.Color, band.Width = colorBand, 0
	p.Add(band)
	for i, c := range checks {
		bar, err := plotter.NewBarChart(plotter.Values{c.Numeric.RelativePercent}, vg.Points(14))
		if err != nil {
			return nil, err
		}
		bar.Horizontal, bar.XMin = true, float64(len(checks)-1-i)
		bar.Color, bar.LineStyle.Width = statusColor(c.Status), 0
		p.Add(bar)
	}
	hundred, err := plotter.NewLine(plotter.XYs{{X: 100, Y: -0.5}, {X: 100, Y: top}})
	if err != nil {
		return nil, err
	}
	hundred.Color, hundred.Width = colorMinimum, vg.Points(1.5)
	p.Add(hundred)
	band.LineStyle.Color = colorBand
	p.Legend.Add("minimum (100 %)", hundred)
	p.Legend.Add(fmt.Sprintf("tolerance band (−%g %%)", r.TolerancePercent), band)
	p.Legend.Top = true
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, maxPct*1.08
	p.Y.Min, p.Y.Max = -0.5, top+1.2 // room for the legend above the bars
	p.Add(plotter.NewGrid())
	return svgOf(p, 16*vg.Centimeter, vg.Length(3+0.75*float64(len(checks)))*vg.Centimeter)
}

// nines maps a percentile to its number of nines (p90 → 1, p99 → 2), the
// axis on which tail latency curves are read.
func nines(pct float64) float64 { return -math.Log10(1 - pct/100) }

// ninesTicks label the percentile axis with the percentiles themselves.
type ninesTicks struct{}

func (ninesTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, p := range diskstat.Percentiles {
		if n := nines(p); n >= lo-1e-9 && n <= hi+1e-9 {
			ts = append(ts, plot.Tick{Value: n, Label: fmt.Sprintf("p%g", p)})
		}
	}
	return ts
}

// latencyTicks label a log-scaled latency axis in µs/ms.
type latencyTicks struct{}

func (latencyTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = units.FormatLatency(ts[i].Value)
		}
	}
	return ts
}

// LatencyChart is the read-latency percentile curve of every disk check
// with a latency histogram, on a log latency axis, with the profile's
// maximum drawn where one applies. Nil when no check has latencies.
func LatencyChart(r *model.Report) ([]byte, error) {
	var checks []model.Check
	for _, c := range r.Checks {
		if c.Disk != nil && c.Disk.Latency != nil && c.Disk.Latency.Count > 0 {
			checks = append(checks, c)
		}
	}
	if len(checks) == 0 {
		return nil, nil
	}
	p := newPlot("Read latency by percentile")
	p.X.Label.Text = "percentile"
	p.Y.Label.Text = "latency"
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, latencyTicks{}
	p.X.Tick.Marker = ninesTicks{}
	lo, hi := math.Inf(1), 0.0
	for i, c := range checks {
		l := c.Disk.Latency
		xys := make(plotter.XYs, len(diskstat.Percentiles))
		for j, v := range l.Values() {
			xys[j] = plotter.XY{X: nines(diskstat.Percentiles[j]), Y: math.Max(float64(v), 1)}
			lo, hi = min(lo, xys[j].Y), max(hi, xys[j].Y)
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		col := lineColor(i)
		line.Color, points.Color = col, col
		p.Add(line, points)
		p.Legend.Add(c.Function, line, points)
		if maxNs := c.NumericOrZero().Maximum; maxNs != 0 {
			m, err := plotter.NewLine(plotter.XYs{{X: nines(diskstat.Percentiles[0]), Y: maxNs}, {X: nines(diskstat.Percentiles[len(diskstat.Percentiles)-1]), Y: maxNs}})
			if err != nil {
				return nil, err
			}
			m.Color, m.Dashes = statusColor(c.Status), []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(m)
			p.Legend.Add(fmt.Sprintf("%s maximum %s", c.Function, units.FormatLatency(maxNs)), m)
			lo, hi = min(lo, maxNs), max(hi, maxNs)
		}
	}
	p.Y.Min, p.Y.Max = lo/1.5, hi*4 // room for the legend
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	return svgOf(p, 16*vg.Centimeter, 9*vg.Centimeter)
}

func lineColor(i int) color.Color {
	palette := []color.Color{colorLine, color.RGBA{R: 0x6a, G: 0x1b, B: 0x9a, A: 0xff}, color.RGBA{R: 0x00, G: 0x83, B: 0x8f, A: 0xff}}
	return palette[i%len(palette)]
}

// SustainedChart is the sustained-write timeline (MiB/s over elapsed
// seconds) with the steady state and, where the drive's cache ran out, the
// cliff marked. Nil when the report has no sustained write.
func SustainedChart(r *model.Report) ([]byte, error) {
	var c *model.Check
	for i := range r.Checks {
		if d := r.Checks[i].Disk; d != nil && d.Sustained != nil && len(d.Sustained.Timeline) > 0 {
			c = &r.Checks[i]
			break
		}
	}
	if c == nil {
		return nil, nil
	}
	s := c.Disk.Sustained
	minimum := c.NumericOrZero().Minimum
	const mibF = 1 << 20
	p := newPlot(c.Function + ": throughput over time")
	p.X.Label.Text = "elapsed (s)"
	p.Y.Label.Text = "MiB/s"
	xys := make(plotter.XYs, len(s.Timeline))
	for i, pt := range s.Timeline {
		xys[i] = plotter.XY{X: float64(pt.ElapsedNs) / 1e9, Y: pt.BytesPerSecond / mibF}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	line.Color, line.Width = colorLine, vg.Points(1.5)
	p.Add(line)
	p.Legend.Add("throughput", line)
	end := xys[len(xys)-1].X
	if s.SteadyBytesPerSecond > 0 {
		steady, err := plotter.NewLine(plotter.XYs{{X: 0, Y: s.SteadyBytesPerSecond / mibF}, {X: end, Y: s.SteadyBytesPerSecond / mibF}})
		if err != nil {
			return nil, err
		}
		steady.Color, steady.Dashes = colorInfo, []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(steady)
		p.Legend.Add(fmt.Sprintf("steady state %s", units.Format(s.SteadyBytesPerSecond, units.BytesPerSecond)), steady)
	}
	if minimum != 0 {
		m, err := plotter.NewLine(plotter.XYs{{X: 0, Y: minimum / mibF}, {X: end, Y: minimum / mibF}})
		if err != nil {
			return nil, err
		}
		m.Color = colorMinimum
		p.Add(m)
		p.Legend.Add(fmt.Sprintf("minimum %s", units.Format(minimum, units.BytesPerSecond)), m)
	}
	peak := s.PeakBytesPerSecond / mibF
	if s.Cliff != nil {
		x := float64(s.Cliff.ElapsedNs) / 1e9
		cliff, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: peak * 1.05}})
		if err != nil {
			return nil, err
		}
		cliff.Color, cliff.Width = colorFail, vg.Points(2)
		p.Add(cliff)
		p.Legend.Add(fmt.Sprintf("cache cliff at %.1f s (%s written)", x, units.GiB(float64(s.Cliff.WrittenBytes))), cliff)
	}
	p.Y.Min, p.Y.Max = 0, max(peak, minimum/mibF)*1.5 // room for the legend
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return svgOf(p, 16*vg.Centimeter, 9*vg.Centimeter)
}
