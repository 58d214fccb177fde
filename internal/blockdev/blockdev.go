// Package blockdev answers "which disk": it resolves a directory to its
// filesystem and mount, then through device-mapper (LVM, dm-crypt), md RAID
// and partitions to the physical disks behind it, with their model, size,
// transport and whether they spin. Every path is built from a root ("/" on
// a live machine, a recorded tree in tests), as node_exporter does with its
// --path flags and ghw with its chroot.
package blockdev

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/internal/units"
)

// Info is what backs a directory.
type Info struct {
	Dir        string `json:"dir"`
	MountPoint string `json:"mount_point"`
	FSType     string `json:"fs_type"`
	// Source is the mount's source as mountinfo names it, e.g.
	// /dev/mapper/vg0-chain or rpool/chain.
	Source string `json:"source"`
	// Stack lists the layers between the filesystem and the disks, top
	// down: "LVM", "dm-crypt", "md raid1", "partition".
	Stack []string `json:"stack,omitempty"`
	Disks []Disk   `json:"disks,omitempty"`
	// RAM is set for memory-backed filesystems and devices (tmpfs, ramfs,
	// zram, brd): no disk benchmark means anything there.
	RAM bool `json:"ram"`
	// Network is set when the data crosses a network (nbd, iSCSI, NVMe
	// over TCP/RDMA/FC, NFS, Ceph).
	Network bool `json:"network"`
	// CopyOnWrite is set for ZFS, btrfs and bcachefs.
	CopyOnWrite bool     `json:"copy_on_write"`
	Warnings    []string `json:"warnings,omitempty"`
}

// Disk is one physical (or virtual, or network) block device.
type Disk struct {
	Name string `json:"name"`
	Path string `json:"path"`
	// Model is the device's model string, empty when it reports none
	// (virtio, nbd).
	Model     string `json:"model,omitempty"`
	SizeBytes int64  `json:"size_bytes"`
	// Transport is nvme, sata, scsi, sas, usb, virtio, xen, mmc, loop,
	// ram, nbd, rbd, iscsi, nvme-tcp, nvme-rdma, nvme-fc or unknown.
	Transport  string `json:"transport"`
	Rotational bool   `json:"rotational"`
	Network    bool   `json:"network"`
	// Controller is the NVMe controller (nvme0) a namespace belongs to.
	Controller string `json:"controller,omitempty"`
}

// String is the one-line answer shown above the disk rows:
// "/dev/nvme0n1 Samsung SSD 990 PRO 4TB (nvme, 4.00 TB), ext4 on LVM".
func (i *Info) String() string {
	if i.RAM && len(i.Disks) == 0 {
		return fmt.Sprintf("none: %s is on %s (RAM)", i.Dir, i.FSType)
	}
	var disks []string
	for _, d := range i.Disks {
		disks = append(disks, d.String())
	}
	where := i.FSType
	if len(i.Stack) > 0 {
		where += " on " + strings.Join(i.Stack, " on ")
	}
	if len(disks) == 0 {
		return fmt.Sprintf("%s (%s), block device not resolved", i.Source, where)
	}
	return strings.Join(disks, " + ") + ", " + where
}

// String is "/dev/nvme0n1 Samsung SSD 990 PRO 4TB (nvme, 4.00 TB)".
func (d Disk) String() string {
	s := d.Path
	if d.Model != "" {
		s += " " + d.Model
	}
	kind := d.Transport
	if d.Rotational {
		kind += ", rotational"
	}
	return fmt.Sprintf("%s (%s, %s)", s, kind, units.DriveSize(float64(d.SizeBytes)))
}
