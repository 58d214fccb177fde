package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/firmware/samsung"
)

// newSamsungExtractCmd is `hwqual firmware samsung-extract ISO --out DIR`.
func newSamsungExtractCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "samsung-extract ISO --out DIR",
		Short: "Unpack fumagician from a Samsung SSD firmware ISO (never runs it)",
		Long: `samsung-extract reads a Samsung SSD firmware ISO, unpacks the gzip'd cpio initrd
into DIR (created if missing; must be empty), checks that root/fumagician/fumagician
is there, and prints the command to run it as root. It never executes anything.

Members with absolute paths or "..", and symlinks or hard links resolving outside
DIR, refuse the whole extraction before anything is written. Device nodes are
skipped; setuid bits are dropped.

Exit codes: 0 extracted, 2 bad ISO, initrd, archive or --out.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("samsung-extract: want exactly one ISO file argument, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageErr("--out DIR is required")
			}
			res, err := samsung.Extract(cmd.Context(), args[0], out)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Extracted %d members of %s into %s.\n", res.Entries, res.Initrd, res.Dir)
			if len(res.Skipped) > 0 {
				fmt.Fprintf(w, "Skipped %d device nodes/FIFOs/sockets (not needed to run fumagician).\n", len(res.Skipped))
			}
			fmt.Fprintf(w, "fumagician: %s\n", res.Fumagician)
			fmt.Fprintf(w, "Run it as root (hwqual does not run it):\n  %s\n", res.Command())
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory to unpack the initrd into (created if missing; must be empty)")
	return cmd
}
