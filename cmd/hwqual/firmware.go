package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// newFirmwareCmd is `hwqual firmware`, the parent of the firmware helpers.
func newFirmwareCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "firmware",
		Short: "Check NVMe and BMC firmware against known advisories; unpack Samsung ISOs; update a BMC",
		Args:  cobra.NoArgs, // so `hwqual firmware typo` is an unknown command, exit 2
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newFirmwareCheckCmd(g), newSamsungExtractCmd(), newBMCCmd(), newBMCUpdateCmd())
	return cmd
}

type firmwareCheckFlags struct {
	out        docOutputs
	advisories string
	// prom is node_exporter's textfile for the drives' firmware and
	// health gauges, replaced atomically.
	prom string
}

func newFirmwareCheckCmd(g *globalFlags) *cobra.Command {
	var f firmwareCheckFlags
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Judge every NVMe drive's firmware and SMART health",
		Long: `check lists the NVMe controllers (sysfs under --root), reads their SMART/health
and firmware slot logs through the admin ioctl when run as root, and judges each
drive: firmware OK / UPDATE / CRITICAL / UNKNOWN against the advisory database,
health OK / WARN / CRITICAL.

Exit codes: 0 nothing CRITICAL (also on a machine without NVMe), 1 a drive is
CRITICAL, 2 hwqual could not run (bad flag or advisory file).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runFirmwareCheck(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	addOutputFlags(cmd, &f.out, "report", schema.FirmwareCheck)
	fl.StringVar(&f.advisories, "advisories", "", "advisory database `FILE` (YAML) instead of the built-in one")
	fl.StringVar(&f.prom, "prom", "", "write the drives' firmware and SMART health gauges to `FILE` (node_exporter textfile, replaced atomically)")
	return cmd
}

func runFirmwareCheck(cmd *cobra.Command, g *globalFlags, f firmwareCheckFlags) error {
	if err := f.out.validate(f.advisories); err != nil {
		return err
	}
	if err := f.out.checkFile("prom", f.prom, formatProm, f.advisories); err != nil {
		return err
	}
	db, err := advisory.Load(f.advisories)
	if err != nil {
		return usageErr("--advisories: %w", err)
	}
	rows, err := nvme.Check(g.root, db)
	if err != nil {
		return usageErr("--root %s: %w", g.root, err)
	}
	rep := nvme.NewCheckReport(g.root, db.Origin, rows)

	stdout := cmd.OutOrStdout()
	tableOut := stdout
	if f.out.toStdout() {
		tableOut = cmd.ErrOrStderr()
	}
	if err := render.Table(rep)(tableOut); err != nil {
		return err
	}
	if err := writeDocs(f.out, stdout, rep); err != nil {
		return err
	}
	if f.prom != "" {
		if err := prom.WriteFile(f.prom, rep); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--prom: %w", err)}
		}
	}
	if rep.Critical {
		return &exitError{code: exitFail, err: errSilent}
	}
	return nil
}
