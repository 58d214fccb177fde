package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/model"
)

// TestNVMeVMBurnin runs a short burn-in inside the QEMU guest with an
// emulated NVMe drive: the disk phase verifies O_DIRECT blocks on the
// drive's ext4, and the NVMe SMART watch reads the drive's health log
// through the real admin ioctl at the start and at the end.
func TestNVMeVMBurnin(t *testing.T) {
	runner := nvmeVM(t)
	const serial = "HWQBURN01"
	cmd := exec.Command(runner, "--serial", serial, "--nvme-size", "4G", "--mkfs", "ext4", "--timeout", "240", "--",
		binary, "burnin", "--duration", "16s", "--phase-length", "3s", "--sample-interval", "1s",
		"--mem", "16MiB", "--disk-size", "128MiB", "--dir", ".", "--json", "-", "--accept-unknown")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		t.Fatalf("nvme-vm: %v\n%s", err, out.String())
	}
	b, err := model.ReadBurnIn(strings.NewReader(jsonBlock(out.String())))
	if err != nil {
		t.Fatalf("no burn-in report in the guest output: %v\n%s", err, out.String())
	}
	if !b.Complete || b.Verdict.Result != model.StatusPass || b.DiskFileBytes != 128<<20 || b.DiskIO != "direct" {
		t.Fatalf("complete %v verdict %+v disk %d %q\n%s", b.Complete, b.Verdict, b.DiskFileBytes, b.DiskIO, out.String())
	}
	for _, c := range []*model.Counters{b.Baseline, b.Latest} {
		if c == nil || len(c.NVMe) != 1 || c.NVMe[0].Serial != serial || c.NVMe[0].TemperatureKelvin == 0 {
			t.Fatalf("NVMe SMART not read through the ioctl: %+v", c)
		}
	}
	disk := false
	for _, p := range b.Phases {
		disk = disk || p.Name == "disk" && strings.Contains(p.Work, "read back and compared")
	}
	if !disk {
		t.Errorf("no disk phase verified blocks: %+v", b.Phases)
	}
}
