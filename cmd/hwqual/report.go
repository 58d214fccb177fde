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

// reportOut is the output of a report command: a format and a destination
// ("" or "-" is stdout).
type reportOut struct {
	format string
	out    string
}

func (o *reportOut) add(cmd *cobra.Command, def string, formats []string) {
	cmd.Flags().StringVar(&o.format, "format", def, "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write to `FILE` (replaced atomically) instead of stdout")
}

func (o *reportOut) check(formats []string) error {
	if !slices.Contains(formats, o.format) {
		return usageErr("--format %q: want one of %s", o.format, strings.Join(formats, ", "))
	}
	if o.toFile() {
		if fi, err := os.Stat(filepath.Dir(o.out)); err != nil || !fi.IsDir() {
			return usageErr("--output %s: directory %s does not exist", o.out, filepath.Dir(o.out))
		}
	}
	return nil
}

func (o *reportOut) toFile() bool { return o.out != "" && o.out != "-" }

// wrapOutErr makes a failed write of the output an exit-2 error.
func wrapOutErr(err error) error {
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("--output: %w", err)}
	}
	return nil
}

// write renders into memory, then writes stdout or replaces the file by
// rename, so a reader (or node_exporter) never sees half a document.
func (o *reportOut) write(stdout io.Writer, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if !o.toFile() {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return wrapOutErr(writeFileAtomic(o.out, buf.Bytes()))
}

// writeFileAtomic writes a temporary file beside path and renames it over
// path.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(formats); err != nil {
				return err
			}
			r, err := loadReport(args[0])
			if err != nil {
				return err
			}
			if o.format == "prom" && o.toFile() {
				return wrapOutErr(reports.WritePrometheusFile(o.out, r))
			}
			render := map[string]func(io.Writer, *reports.Report) error{
				"table": reports.WriteTable, "md": reports.WriteMarkdown, "html": reports.WriteHTML,
				"prom": reports.WritePrometheus, "json": reports.WriteJSON,
			}[o.format]
			return o.write(cmd.OutOrStdout(), func(w io.Writer) error { return render(w, r) })
		},
	}
	o.add(cmd, "table", formats)
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
			if err := o.check(formats); err != nil {
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
			return o.write(cmd.OutOrStdout(), func(w io.Writer) error { return render(w, c) })
		},
	}
	o.add(cmd, "table", formats)
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
			if err := o.check(formats); err != nil {
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
			return o.write(cmd.OutOrStdout(), func(w io.Writer) error { return render(w, f) })
		},
	}
	o.add(cmd, "table", formats)
	return cmd
}
