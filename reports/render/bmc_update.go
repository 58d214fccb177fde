package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// writeBMCUpdatePlan prints what an update would do.
func writeBMCUpdatePlan(w io.Writer, p *bmc.UpdatePlan) error {
	tw := newList(w)
	b := p.Before
	fmt.Fprintf(tw, "BMC\t%s\n", b.Host)
	fmt.Fprintf(tw, "current BMC firmware\t%s\n", orDash(b.BMCFirmwareVersion()))
	fmt.Fprintf(tw, "current BIOS\t%s\n", orDash(b.BIOSVersion))
	if d := b.DualImage; d != nil {
		fmt.Fprintf(tw, "BMC image 1 / 2\t%s%s / %s%s\n", orDash(d.Image1Version), bmcDualFlags("1", d), orDash(d.Image2Version), bmcDualFlags("2", d))
	}
	fmt.Fprintf(tw, "image\t%s\n", p.ImageName)
	size := fmt.Sprintf("%d bytes (%.1f MiB)", p.ImageBytes, float64(p.ImageBytes)/(1<<20))
	if p.MaxImageBytes > 0 {
		size += fmt.Sprintf(", the BMC accepts up to %d", p.MaxImageBytes)
	}
	fmt.Fprintf(tw, "image size\t%s\n", size)
	fmt.Fprintf(tw, "image SHA-256\t%s\n", p.ImageSHA256)
	fmt.Fprintf(tw, "endpoint\tPOST %s (%s)\n", p.Endpoint, p.Method)
	if p.Method == bmc.UpdateMultipart {
		fmt.Fprintf(tw, "targets\t%s\n", orDash(strings.Join(p.Targets, ", ")))
	}
	fmt.Fprintf(tw, "preserve configuration\t%s\n", bmcPreserveLine(p))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, warn := range p.Warnings {
		if _, err := fmt.Fprintf(w, "WARNING: %s\n", warn); err != nil {
			return err
		}
	}
	return nil
}

func bmcPreserveLine(p *bmc.UpdatePlan) string {
	switch {
	case p.PreserveConfig:
		return "yes: PreserveConfiguration is set to true before the upload"
	case p.PreserveCurrent == nil:
		return "not offered by this BMC (no AMI PreserveConfiguration)"
	case *p.PreserveCurrent:
		return "yes, by the BMC's current setting (PreserveConfiguration=true; left as is)"
	}
	return "NO: the BMC's PreserveConfiguration is false; settings return to defaults (add --preserve-config to keep them)"
}

// writeBMCUpdateResult prints before/after once an update ran.
func writeBMCUpdateResult(w io.Writer, r *bmc.UpdateResult) error {
	tw := newList(w)
	if r.Task != "" {
		fmt.Fprintf(tw, "task\t%s: %s %s\n", r.Task, r.TaskState, r.TaskStatus)
	}
	fmt.Fprintf(tw, "BMC firmware before\t%s\n", orDash(r.VersionFrom))
	fmt.Fprintf(tw, "BMC firmware after\t%s\n", orDash(r.VersionTo))
	if r.After != nil && r.After.DualImage != nil {
		d := r.After.DualImage
		fmt.Fprintf(tw, "BMC image 1 / 2\t%s%s / %s%s\n", orDash(d.Image1Version), bmcDualFlags("1", d), orDash(d.Image2Version), bmcDualFlags("2", d))
	}
	return tw.Flush()
}
