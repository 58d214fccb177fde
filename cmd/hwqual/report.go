package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/reports"
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

// write renders the --format output into memory, then writes it to stdout
// (stderr when --json - or --md - claimed stdout) or replaces the file.
func (o *reportOut) write(cmd *cobra.Command, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
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

func loadReport(path string) (*reports.Report, error) {
	r, err := reports.LoadReport(path)
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
				o.docs.kind = reports.DocBurnIn
				if err := o.check(formats, args); err != nil {
					return err
				}
				return renderBurnIn(cmd, o, b)
			}
			r, err := loadReport(args[0])
			if err != nil {
				return err
			}
			o.docs.kind = reports.DocQualification
			if err := o.check(formats, args); err != nil {
				return err
			}
			if o.format == "prom" && o.toFile() {
				return wrapOutErr(reports.WritePrometheusFile(o.out, r))
			}
			render := map[string]func(io.Writer, *reports.Report) error{
				"table": reports.WriteTable, "md": reports.WriteMarkdown, "html": reports.WriteHTML,
				"prom": reports.WritePrometheus, "json": reports.WriteJSON,
			}[o.format]
			if err := writeDocs(o.docs, cmd.OutOrStdout(), r, reports.WriteJSON, reports.WriteMarkdown); err != nil {
				return err
			}
			return o.write(cmd, func(w io.Writer) error { return render(w, r) })
		},
	}
	o.add(cmd, "table", formats, "report", "", reports.DocQualification, reports.DocBurnIn)
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
			reps := make([]*reports.Report, len(args))
			for i, a := range args {
				r, err := loadReport(a)
				if err != nil {
					return err
				}
				reps[i] = r
			}
			c, err := reports.Compare(reps, args)
			if err != nil {
				return usageErr("%w", err)
			}
			render := map[string]func(io.Writer, *reports.Comparison) error{
				"table": reports.WriteCompareTable, "md": reports.WriteCompareMarkdown,
				"html": reports.WriteCompareHTML, "json": reports.WriteCompareJSON,
			}[o.format]
			if err := writeDocs(o.docs, cmd.OutOrStdout(), c, reports.WriteCompareJSON, reports.WriteCompareMarkdown); err != nil {
				return err
			}
			return o.write(cmd, func(w io.Writer) error { return render(w, c) })
		},
	}
	o.add(cmd, "table", formats, "comparison", reports.DocCompare, reports.DocQualification)
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
			f, err := reports.BuildFleet(args[0], time.Now())
			if err != nil {
				return usageErr("%w", err)
			}
			if o.format == "prom" && o.toFile() {
				return wrapOutErr(reports.WriteFleetPrometheusFile(o.out, f))
			}
			render := map[string]func(io.Writer, *reports.Fleet) error{
				"table": reports.WriteFleetTable, "md": reports.WriteFleetMarkdown,
				"json": reports.WriteFleetJSON, "prom": reports.WriteFleetPrometheus,
			}[o.format]
			if err := writeDocs(o.docs, cmd.OutOrStdout(), f, reports.WriteFleetJSON, reports.WriteFleetMarkdown); err != nil {
				return err
			}
			return o.write(cmd, func(w io.Writer) error { return render(w, f) })
		},
	}
	o.add(cmd, "table", formats, "fleet summary", reports.DocFleet, reports.DocQualification)
	return cmd
}

// loadBurnIn reads path when its header says it is a burn-in report or
// checkpoint; (nil, nil) for any other document, which loadReport then
// reads (and, when it is not a qualification report, refuses in one line).
func loadBurnIn(path string) (*reports.BurnIn, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil // loadReport names the read error
	}
	if h, err := reports.ReadHeader(data); err != nil || h.Kind != reports.DocBurnIn {
		return nil, nil
	}
	b, err := reports.ReadBurnIn(bytes.NewReader(data))
	if err != nil {
		return nil, usageErr("report %s: %s", path, strings.Join(strings.Fields(err.Error()), " "))
	}
	return b, nil
}

// renderBurnIn is `report render` for a burn-in report or checkpoint.
func renderBurnIn(cmd *cobra.Command, o reportOut, b *reports.BurnIn) error {
	if o.format == "prom" && o.toFile() {
		return wrapOutErr(reports.WriteBurnInPrometheusFile(o.out, b))
	}
	render := map[string]func(io.Writer, *reports.BurnIn) error{
		"table": reports.WriteBurnInTable, "md": reports.WriteBurnInMarkdown, "html": reports.WriteBurnInHTML,
		"prom": reports.WriteBurnInPrometheus, "json": reports.WriteBurnInJSON,
	}[o.format]
	if err := writeDocs(o.docs, cmd.OutOrStdout(), b, reports.WriteBurnInJSON, reports.WriteBurnInMarkdown); err != nil {
		return err
	}
	return o.write(cmd, func(w io.Writer) error { return render(w, b) })
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
