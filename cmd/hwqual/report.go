package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/reports/analysis"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/htmlpage"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// reportOut is where a report command's document goes: --format picks the
// rendering, -o FILE its destination (stdout without it). --json, --md and
// --force work as on every other command, next to it (output.go's rules
// apply to -o too).
type reportOut struct {
	format string
	out    string
	docs   docOutputs
}

func (o *reportOut) add(cmd *cobra.Command, def string, formats []string, what, kind string, reads ...string) {
	cmd.Flags().StringVar(&o.format, "format", def, "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the --format output to `FILE` (replaced atomically) instead of stdout")
	addOutputFlags(cmd, &o.docs, what, kind, reads...)
}

// check validates every destination before anything is read; an output
// may not overwrite one of the inputs.
func (o *reportOut) check(formats []string, inputs []string) error {
	if !slices.Contains(formats, o.format) {
		return usageErr("--format %q: want one of %s", o.format, strings.Join(formats, ", "))
	}
	if err := o.docs.validate(inputs...); err != nil {
		return err
	}
	if o.toFile() && (o.out == o.docs.json || o.out == o.docs.md) {
		return usageErr("--output %s: also named by --json or --md", o.out)
	}
	return o.docs.checkFile("output", o.out, o.format, inputs...)
}

func (o *reportOut) toFile() bool { return o.out != "" && o.out != stdoutPath }

// wrapOutErr makes a failed write of the output an exit-2 error.
func wrapOutErr(err error) error {
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("--output: %w", err)}
	}
	return nil
}

// output writes doc to its --json and --md destinations, then in --format
// to --out; a Prometheus file is replaced the way the textfile collector
// needs, and alone.
func (o *reportOut) output(cmd *cobra.Command, doc any) error {
	if o.format == "prom" && o.toFile() {
		return wrapOutErr(prom.WriteFile(o.out, doc))
	}
	if err := writeDocs(o.docs, cmd.OutOrStdout(), doc); err != nil {
		return err
	}
	return o.write(cmd, reporterFor(o.format, doc))
}

// reporterFor is the reporter of a --format value.
func reporterFor(format string, doc any) render.Reporter {
	switch format {
	case "md":
		return render.Markdown(doc)
	case "html":
		return htmlpage.Page(doc)
	case "prom":
		return prom.Text(doc)
	case "json":
		return render.JSON(doc)
	}
	return render.Table(doc)
}

// write renders the --format output into memory, then writes it to stdout
// (stderr when --json - or --md - claimed stdout) or replaces the file.
func (o *reportOut) write(cmd *cobra.Command, report render.Reporter) error {
	var buf bytes.Buffer
	if err := report(&buf); err != nil {
		return err
	}
	if !o.toFile() {
		w := cmd.OutOrStdout()
		if o.docs.toStdout() {
			w = cmd.ErrOrStderr()
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	return wrapOutErr(writeFileAtomic(o.out, buf.Bytes()))
}

func loadReport(path string) (*model.Report, error) {
	r, err := model.LoadReport(path)
	if err != nil {
		return nil, usageErr("%w", err)
	}
	return r, nil
}

func newReportCmd() *cobra.Command {
	report := &cobra.Command{
		Use:   "report",
		Short: "Render, compare and summarise saved JSON reports",
		Args:  cobra.NoArgs,
	}
	report.AddCommand(newReportRenderCmd(), newReportCompareCmd(), newReportFleetCmd())
	return report
}

func newReportRenderCmd() *cobra.Command {
	var o reportOut
	formats := []string{"table", "md", "html", "prom", "json"}
	cmd := &cobra.Command{
		Use:   "render REPORT.json",
		Short: "Re-render a saved report with the renderers a live run uses",
		Long: `Re-render a saved report with the renderers a live run uses. The document's
kind decides: a qualification report, or a burn-in report — including the
checkpoint .hwqual-burnin.json a running, killed or interrupted burn-in keeps
in its --dir.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The document written is of the input's kind, which rule 2
			// needs; every other rule is checked before the input is read.
			pathsOnly := o
			pathsOnly.docs.force = true
			if err := pathsOnly.check(formats, args); err != nil {
				return err
			}
			b, err := loadBurnIn(args[0])
			if err != nil {
				return err
			}
			if b != nil {
				o.docs.kind = model.DocBurnIn
				if err := o.check(formats, args); err != nil {
					return err
				}
				return o.output(cmd, b)
			}
			r, err := loadReport(args[0])
			if err != nil {
				return err
			}
			o.docs.kind = model.DocQualification
			if err := o.check(formats, args); err != nil {
				return err
			}
			return o.output(cmd, r)
		},
	}
	o.add(cmd, "table", formats, "report", "", model.DocQualification, model.DocBurnIn)
	return cmd
}

func newReportCompareCmd() *cobra.Command {
	var o reportOut
	formats := []string{"table", "md", "html", "json"}
	cmd := &cobra.Command{
		Use:   "compare A.json B.json [C.json ...]",
		Short: "Compare machines side by side per check, with ratios to the first",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(formats, args); err != nil {
				return err
			}
			reps := make([]*model.Report, len(args))
			for i, a := range args {
				r, err := loadReport(a)
				if err != nil {
					return err
				}
				reps[i] = r
			}
			c, err := analysis.Compare(reps, args)
			if err != nil {
				return usageErr("%w", err)
			}
			return o.output(cmd, c)
		},
	}
	o.add(cmd, "table", formats, "comparison", model.DocCompare, model.DocQualification)
	return cmd
}

func newReportFleetCmd() *cobra.Command {
	var o reportOut
	formats := []string{"table", "md", "json", "prom"}
	cmd := &cobra.Command{
		Use:   "fleet DIR",
		Short: "Summarise a directory of reports: one row per host, from its latest report",
		Long: `Summarise a directory of reports: one row per host, from its latest report by
timestamp. Files that are unreadable, corrupt or not qualification reports
are listed as skipped with the reason; they never stop the summary.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Every file in DIR is read; none may be a destination.
			if err := o.check(formats, append(args, dirFiles(args[0])...)); err != nil {
				return err
			}
			f, err := analysis.BuildFleet(args[0], time.Now())
			if err != nil {
				return usageErr("%w", err)
			}
			return o.output(cmd, f)
		},
	}
	o.add(cmd, "table", formats, "fleet summary", model.DocFleet, model.DocQualification)
	return cmd
}

// loadBurnIn reads path when its header says it is a burn-in report or
// checkpoint; (nil, nil) for any other document, which loadReport then
// reads (and, when it is not a qualification report, refuses in one line).
func loadBurnIn(path string) (*model.BurnIn, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil // loadReport names the read error
	}
	if h, err := model.ReadHeader(data); err != nil || h.Kind != model.DocBurnIn {
		return nil, nil
	}
	b, err := model.ReadBurnIn(bytes.NewReader(data))
	if err != nil {
		return nil, usageErr("report %s: %s", path, strings.Join(strings.Fields(err.Error()), " "))
	}
	return b, nil
}

// dirFiles lists the files directly in dir (none when it cannot be read;
// BuildFleet then names the error).
func dirFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	files := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}
