package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/buildinfo"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/netperf"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/qualify"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/prom"
	"github.com/hwqual/hwqual/reports/render/text"
)

// runFlags are the qualification flags, shared by the root command and
// `hwqual run` so `hwqual --profile jam` works as operators type it.
type runFlags struct {
	profile   string
	dir       string
	tolerance float64
	out       docOutputs
	// promOut is node_exporter's textfile, replaced atomically.
	promOut   string
	allowFail bool
	// strict fails the verdict on a marginal pass of a required check.
	strict   bool
	quiet    bool
	samples  int
	duration time.Duration
	// Disk metrics: long plan, buffered rerun where O_DIRECT is refused,
	// and the queued metrics' depth.
	full          bool
	allowBuffered bool
	queueDepth    int
	// netPeer is the iperf3 server the network metrics measure against.
	netPeer string
	// acceptUnknown turns required facts the machine hides into warnings.
	acceptUnknown bool
}

// globalFlags apply to every command.
type globalFlags struct {
	// root is where /sys, /proc and /dev are read from: "/" on a live
	// machine, a recorded machine tree in tests and offline inspection.
	root string
}

func newRootCmd(reg *scratch.Registry) *cobra.Command {
	var g globalFlags
	var rf runFlags
	root := &cobra.Command{
		Use:   "hwqual",
		Short: "Qualify server hardware for Polkadot/Kusama validators, JAM and RPC/storage nodes",
		Long: `hwqual benchmarks this machine with Substrate's methods (Substrate-named rows score
total work over total time, as polkadot does), judges the scores against a requirement
profile and prints a pass/fail table.

Each metric samples until its score's 95% interval is within ±1% or --duration
has passed; a score whose interval contains its threshold is marked marginal.

Exit codes: 0 all required checks pass, 1 a required check failed or could not be
measured (fewer workers than asked, a fact the machine does not reveal; with
--strict, also a pass that was only marginal), 2 hwqual could not run (bad flag,
profile or directory), 130/143 interrupted.
--accept-unknown turns required facts the machine hides back into warnings.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildinfo.String(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQualification(cmd, rf, g, reg)
		},
	}
	root.PersistentFlags().StringVar(&g.root, "root", "/", "read /sys, /proc and /dev under `DIR` (a recorded machine) instead of /")
	addRunFlags(root, &rf)

	var sub runFlags
	runCmd := &cobra.Command{
		Use:   "run",
		Short: "Run a qualification (the same as hwqual with no subcommand)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQualification(cmd, sub, g, reg)
		},
	}
	addRunFlags(runCmd, &sub)
	root.AddCommand(runCmd, newProfilesCmd(), newVersionCmd(), newInventoryCmd(&g), newFirmwareCmd(&g), newReportCmd(), newNetCmd(), newBurninCmd(&g, reg))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr("%w", err) })
	return root
}

func addRunFlags(cmd *cobra.Command, rf *runFlags) {
	def := bench.DefaultPlan()
	f := cmd.Flags()
	f.StringVarP(&rf.profile, "profile", "p", "validator", "built-in profile name, or path to a profile YAML file or a Substrate reference_hardware.json (judged for a validator)")
	f.StringVar(&rf.dir, "dir", ".", "directory the disk benchmarks write their .hwqual-* scratch files in")
	f.Float64Var(&rf.tolerance, "tolerance", 10, "percent below a minimum a score may fall and still pass (as Substrate)")
	addOutputFlags(cmd, &rf.out, "report", schema.Qualification)
	f.StringVar(&rf.promOut, "prom", "", "write the Prometheus textfile-collector metrics to `FILE` (replaced atomically)")
	f.BoolVar(&rf.allowFail, "allow-fail", false, "exit 0 even when a required check fails")
	f.BoolVarP(&rf.quiet, "quiet", "q", false, "no progress and no table; only the exit code and requested reports")
	f.BoolVar(&rf.strict, "strict", false, "a required check that passes only marginally (its 95% interval contains the threshold) fails the verdict (exit 1)")
	f.IntVar(&rf.samples, "samples", def.MinSamples, "least number of sampling windows per metric (6 or more give a 95% interval)")
	f.DurationVar(&rf.duration, "duration", def.Duration, "most sampling time per metric: a metric stops sooner once its 95% interval is within ±1%")
	f.BoolVar(&rf.full, "full", false, "long disk plan: 8 GiB read-latency file, 10 s per disk metric, sustained write of the profile's proof volume (by default 34 % of free space); refused when that cannot fit above the free-space floor")
	f.BoolVar(&rf.allowBuffered, "allow-buffered", false, "where the file system refuses O_DIRECT, measure the direct-I/O rows with buffered I/O + fsync (labelled)")
	f.IntVar(&rf.queueDepth, "queue-depth", bench.DefaultQueueDepth, "concurrent workers of the queued disk metrics and the sustained write")
	f.BoolVar(&rf.acceptUnknown, "accept-unknown", false, "a required fact this machine does not reveal (e.g. memory.ecc in a VM) warns instead of failing the run as not measured")
	f.StringVar(&rf.netPeer, "net-peer", "", "iperf3 server `HOST[:PORT]` (iperf3 -s or hwqual net serve) the network rows measure against; without it they are not measured")
}

func runQualification(cmd *cobra.Command, rf runFlags, g globalFlags, reg *scratch.Registry) error {
	if err := rf.out.validate(rf.profile); err != nil {
		return err
	}
	// Checked before measuring, like --json: a long run must not lose its
	// metrics at the end.
	if err := rf.out.checkFile("prom", rf.promOut, formatProm, rf.profile); err != nil {
		return err
	}
	if rf.tolerance < 0 || rf.tolerance > 100 {
		return usageErr("--tolerance %v: must be between 0 and 100", rf.tolerance)
	}
	plan := bench.DefaultPlan()
	plan.MinSamples, plan.Duration = rf.samples, rf.duration
	if err := plan.Validate(); err != nil {
		return usageErr("--samples/--duration: %w", err)
	}
	if rf.netPeer != "" {
		if _, err := netperf.SplitPeer(rf.netPeer); err != nil {
			return usageErr("--net-peer %q: %w", rf.netPeer, err)
		}
	}
	prof, err := profiles.Load(rf.profile)
	if err != nil {
		return usageErr("--profile: %w", err)
	}
	if err := checkRoot(g.root); err != nil {
		return err
	}
	disk := &qualify.DiskSetup{Release: func() error { return nil }}
	if qualify.NeedsDir(prof) {
		if disk, err = prepareDisk(cmd, rf, prof, reg); err != nil {
			return err
		}
	}
	defer disk.Release()

	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	opts := qualify.Options{
		Profile: prof, Dir: rf.dir, TolerancePct: rf.tolerance, Plan: plan, Strict: rf.strict,
		Scratch: reg, Version: buildinfo.String(), Root: g.root, Disk: disk.Options, DiskInfo: disk.Info,
		Net: &bench.NetOptions{Peer: rf.netPeer}, Evidence: qualify.Evidence{AcceptUnknown: rf.acceptUnknown},
	}
	if !rf.quiet && isTerminal(stderr) {
		opts.Progress = progressPrinter(stderr)
	}
	if disk.Options != nil {
		opts.Progress = withSustainedDisplay(opts.Progress, stderr, rf.quiet, isTerminal(stderr), disk.Options)
	}
	rep := qualify.Run(cmd.Context(), opts)

	// The table goes to stdout unless a report claimed it; then to stderr,
	// so `--json | jq` still shows a person the verdict.
	tableOut := stdout
	if rf.out.toStdout() {
		tableOut = stderr
	}
	if !rf.quiet {
		if err := render.Table(rep)(tableOut); err != nil {
			return err
		}
	}
	if err := writeDocs(rf.out, stdout, rep); err != nil {
		return err
	}
	if rf.promOut != "" {
		if err := prom.WriteFile(rf.promOut, rep); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--prom: %w", err)}
		}
	}
	if rep.Interrupted || rep.Summary.Pass || rf.allowFail {
		return nil // main maps an interruption to 128+signal
	}
	return &exitError{code: exitFail, err: errSilent}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// progressPrinter writes one line per metric to a terminal.
func progressPrinter(w io.Writer) func(qualify.Progress) {
	return func(p qualify.Progress) {
		if p.Check == nil {
			fmt.Fprintf(w, "[%d/%d] %-6s %-20s ...", p.Index+1, p.Total, p.Info.Category, p.Info.Name)
			return
		}
		c := p.Check
		if c.Status == model.StatusNotMeasured {
			fmt.Fprintf(w, " not measured\n")
			return
		}
		n := c.Numeric
		fmt.Fprintf(w, " %s (%s)\n", units.Format(n.Score, n.Unit), text.IntervalText(*n))
	}
}
