package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/buildinfo"
	"github.com/hwqual/hwqual/profiles"
)

func newProfilesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profiles",
		Short: "List the built-in requirement profiles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tREQUIREMENTS\tDESCRIPTION")
			for _, name := range profiles.Builtin() {
				p, err := profiles.Load(name)
				if err != nil {
					return err // a broken embedded profile is a build bug
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\n", p.Name, len(p.Requirements), p.Description)
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show NAME|PATH",
		Short: "Print a profile's YAML, with the source of every number",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := profiles.Load(args[0]); err != nil {
				return usageErr("%w", err)
			}
			data, err := profiles.BuiltinSource(args[0])
			if err != nil { // a path: Load already validated it
				data, err = os.ReadFile(args[0])
			}
			if err != nil {
				return usageErr("%w", err)
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	})
	return cmd
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print hwqual's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "hwqual %s\n", buildinfo.String())
			return err
		},
	}
}
