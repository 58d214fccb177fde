package main

import (
	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/qualify"
)

// prepareDisk hands the disk flags to qualify.PrepareDisk; every refusal is
// a usage error (exit 2) naming the flag and the numbers.
func prepareDisk(cmd *cobra.Command, rf runFlags, prof *profiles.Profile, reg *scratch.Registry) (*qualify.DiskSetup, error) {
	req := qualify.DiskRequest{
		Profile: prof, Dir: rf.dir, Root: "/", Full: rf.full, QueueDepth: rf.queueDepth,
		AllowBuffered: rf.allowBuffered, Scratch: reg, Log: cmd.ErrOrStderr(),
	}
	if f := cmd.Flag("root"); f != nil {
		req.Root = f.Value.String()
	}
	if cmd.Flags().Changed("duration") {
		req.Budget = rf.duration
	}
	setup, err := qualify.PrepareDisk(req)
	if err != nil {
		return nil, usageErr("%w", err)
	}
	return setup, nil
}
