package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/buildinfo"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/netperf"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

type netFlags struct {
	peer     string
	duration time.Duration
	streams  int
	reverse  bool
	bidir    bool
	out      docOutputs
}

// newNetCmd is `hwqual net`: one iperf3-compatible test against a peer.
func newNetCmd() *cobra.Command {
	var f netFlags
	cmd := &cobra.Command{
		Use:   "net --peer HOST[:PORT]",
		Short: "Measure throughput and latency against an iperf3 server (stock iperf3 -s or hwqual net serve)",
		Long: `net runs one TCP test against a peer that speaks the iperf3 protocol: an unmodified
"iperf3 -s" or "hwqual net serve". It reports upload (this host sends) or download
(--reverse, the peer sends) throughput counted by the receiver, per stream and summed,
per-second samples, TCP retransmits (TCP_INFO) and the round trip (p50/p99 of timed
TCP connects to the peer's port, taken right after the transfer).

Exit codes: 0 measured, 2 could not measure (bad flag; peer unreachable, refusing,
not iperf3, or busy with another test — the message names the peer).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNet(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.peer, "peer", "", "iperf3 server `HOST[:PORT]` (port 5201 when omitted)")
	fl.DurationVar(&f.duration, "duration", 10*time.Second, "transfer time (whole seconds, as iperf3)")
	fl.IntVar(&f.streams, "streams", 1, "parallel TCP streams per direction")
	fl.BoolVar(&f.reverse, "reverse", false, "download: the peer sends, this host receives")
	fl.BoolVar(&f.bidir, "bidir", false, "upload and download at once, on separate streams")
	addOutputFlags(cmd, &f.out, "report", schema.Net)
	cmd.AddCommand(newNetServeCmd())
	return cmd
}

func runNet(cmd *cobra.Command, f netFlags) error {
	switch {
	case f.peer == "":
		return usageErr("--peer is required: the iperf3 server to measure against (HOST[:PORT])")
	case f.duration < time.Second || f.duration > 24*time.Hour:
		return usageErr("--duration %v: must be between 1s and 24h", f.duration)
	case f.streams < 1 || f.streams > 128:
		return usageErr("--streams %d: must be between 1 and 128", f.streams)
	case f.reverse && f.bidir:
		return usageErr("--reverse and --bidir: choose one")
	}
	if err := f.out.validate(); err != nil {
		return err
	}
	if _, err := netperf.SplitPeer(f.peer); err != nil {
		return usageErr("--peer %q: %w", f.peer, err)
	}
	mode := netperf.Upload
	if f.reverse {
		mode = netperf.Download
	} else if f.bidir {
		mode = netperf.Bidirectional
	}
	res, err := netperf.Run(cmd.Context(), netperf.Options{Peer: f.peer, Duration: f.duration, Streams: f.streams, Mode: mode})
	if err != nil {
		if cmd.Context().Err() != nil {
			return nil // main maps the interruption to 128+signal
		}
		return &exitError{code: exitUsage, err: err}
	}
	host, _ := os.Hostname()
	rep := model.NewNetReport(res, buildinfo.String(), host, time.Now())
	stdout := cmd.OutOrStdout()
	textOut := stdout
	if f.out.toStdout() {
		textOut = cmd.ErrOrStderr()
	}
	if err := render.Table(rep)(textOut); err != nil {
		return err
	}
	return writeDocs(f.out, stdout, rep)
}

// newNetServeCmd is `hwqual net serve`: an iperf3-compatible server.
func newNetServeCmd() *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "serve [--listen ADDR]",
		Short: "Serve iperf3 clients (iperf3 -c or hwqual net --peer) until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			addr := listen
			if _, _, err := net.SplitHostPort(addr); err != nil {
				addr = net.JoinHostPort(addr, fmt.Sprint(netperf.DefaultPort))
			}
			l, err := net.Listen("tcp", addr)
			if err != nil {
				return usageErr("--listen %s: %w", listen, err)
			}
			stderr := cmd.ErrOrStderr()
			fmt.Fprintf(stderr, "hwqual net serve: listening on %s (iperf3 protocol, TCP)\n", l.Addr())
			srv := &netperf.Server{Listener: l, Logf: func(format string, args ...any) {
				fmt.Fprintf(stderr, format+"\n", args...)
			}}
			if err := srv.Serve(cmd.Context()); err != nil && !errors.Is(err, net.ErrClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", ":5201", "listen on `ADDR` (HOST:PORT, :PORT or HOST)")
	return cmd
}
