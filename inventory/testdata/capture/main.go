// Command capture records the files hwqual's inventory reads from this
// machine into a directory tree, for use with --root and in tests:
//
//	go run ./inventory/testdata/capture DEST
//
// It uses ghw's own snapshot cloner for what ghw reads and adds the files
// hwqual reads itself. Nothing private is copied: no /proc/<pid> entries.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/jaypipes/ghw/pkg/snapshot"
)

// extra are the files inventory reads beyond ghw's snapshot.
var extra = []string{
	"/proc/sys/kernel/hostname",
	"/proc/sys/kernel/osrelease",
	"/sys/devices/system/cpu/smt/active",
	"/sys/devices/system/cpu/cpu*/cpufreq/base_frequency",
	"/sys/devices/system/cpu/cpu*/cpufreq/cpuinfo_max_freq",
	"/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor",
	"/sys/devices/system/cpu/cpu*/acpi_cppc/nominal_freq",
	"/sys/firmware/dmi/tables/DMI",
	"/sys/class/dmi/id/*",
	"/sys/devices/system/edac/mc/mc*/mc_name",
	"/sys/block/*/serial",
	"/sys/block/*/device/serial",
	"/sys/block/*/device/model",
	"/sys/block/*/device/rev",
	"/sys/block/*/device/firmware_rev",
	"/sys/block/*/device/device/current_link_speed",
	"/sys/block/*/device/device/current_link_width",
	"/sys/hypervisor/type",
	"/etc/os-release",
	"/usr/lib/os-release", // /etc/os-release is a symlink to it on Debian
	"/etc/debian_version",
	"/.dockerenv",
	"/run/.containerenv",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: capture DEST")
		os.Exit(2)
	}
	ctx := context.Background()
	dest := os.Args[1]
	if err := snapshot.CloneTreeInto(ctx, dest); err != nil {
		fmt.Fprintln(os.Stderr, "capture: ghw tree:", err)
		os.Exit(1)
	}
	if err := snapshot.CopyFilesInto(ctx, extra, dest, nil); err != nil {
		fmt.Fprintln(os.Stderr, "capture: extra files:", err)
		os.Exit(1)
	}
}
