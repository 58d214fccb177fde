package main

import "github.com/spf13/cobra"

// newFirmwareCmd is the parent of the firmware helpers. The NVMe and BMC
// subcommands are added here side by side.
func newFirmwareCmd(g *globalFlags) *cobra.Command {
	_ = g // the NVMe subcommands read sysfs under g.root
	cmd := &cobra.Command{
		Use:   "firmware",
		Short: "Check and update firmware: BMC over Redfish/IPMI",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newBMCCmd(), newBMCUpdateCmd())
	return cmd
}
