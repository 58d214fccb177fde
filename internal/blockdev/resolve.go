package blockdev

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Filesystem families that change what a disk benchmark means.
var (
	ramFS     = []string{"tmpfs", "ramfs", "rootfs"}
	cowFS     = []string{"zfs", "btrfs", "bcachefs"}
	networkFS = []string{"nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs", "fuse.sshfs", "9p", "fuse.glusterfs", "fuse.ceph"}
)

// Resolve finds what backs dir on the machine whose /proc and /sys are
// under root. Missing sysfs details are left empty rather than failing: a
// partial answer with a warning is more useful than none.
func Resolve(root, dir string) (*Info, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	if real, err := filepath.EvalSymlinks(filepath.Join(root, abs)); err == nil {
		if rel, err := filepath.Rel(root, real); err == nil && !strings.HasPrefix(rel, "..") {
			abs = "/" + rel
		}
	}
	data, err := os.ReadFile(filepath.Join(root, "proc/self/mountinfo"))
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	ms, err := parseMountinfo(string(data))
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	m, ok := mountOf(ms, filepath.Clean(abs))
	if !ok {
		return nil, fmt.Errorf("resolve %s: no mount holds it", dir)
	}
	info := &Info{Dir: dir, MountPoint: m.mountPoint, FSType: m.fsType, Source: m.source}
	r := resolver{sys: filepath.Join(root, "sys"), info: info}
	switch {
	case slices.Contains(ramFS, m.fsType):
		info.RAM = true
	case slices.Contains(networkFS, m.fsType):
		info.Network = true
	default:
		if name := r.deviceOf(m); name != "" {
			r.walk(name, 0)
		}
	}
	info.CopyOnWrite = slices.Contains(cowFS, m.fsType)
	info.Warnings = warnings(info)
	return info, nil
}

type resolver struct {
	sys  string
	info *Info
}

// deviceOf names the block device behind a mount: by major:minor, or, for
// filesystems that report an anonymous device (btrfs), by the source.
func (r resolver) deviceOf(m mount) string {
	if target, err := filepath.EvalSymlinks(filepath.Join(r.sys, "dev/block", m.majMin)); err == nil {
		return filepath.Base(target)
	}
	src, ok := strings.CutPrefix(m.source, "/dev/")
	if !ok {
		return ""
	}
	if dmName, ok := strings.CutPrefix(src, "mapper/"); ok {
		dms, _ := filepath.Glob(filepath.Join(r.sys, "class/block/dm-*"))
		for _, d := range dms {
			if r.read(d, "dm/name") == dmName {
				return filepath.Base(d)
			}
		}
		return ""
	}
	if _, err := os.Stat(filepath.Join(r.sys, "class/block", filepath.Base(src))); err == nil {
		return filepath.Base(src)
	}
	return ""
}

// maxDepth bounds the walk through stacked devices against a cyclic tree.
const maxDepth = 8

// walk follows name down through device-mapper, md and partitions to the
// disks, recording each layer it passes.
func (r resolver) walk(name string, depth int) {
	if depth > maxDepth {
		return
	}
	dir := filepath.Join(r.sys, "class/block", name)
	if r.read(dir, "partition") != "" {
		r.layer("partition")
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			r.walk(filepath.Base(filepath.Dir(real)), depth+1)
		}
		return
	}
	if layer := r.stackLayer(dir, name); layer != "" {
		r.layer(layer)
		slaves, _ := os.ReadDir(filepath.Join(dir, "slaves"))
		for _, s := range slaves {
			r.walk(s.Name(), depth+1)
		}
		return
	}
	r.addDisk(dir, name)
}

// stackLayer names a virtual layer device, or "" for a disk.
func (r resolver) stackLayer(dir, name string) string {
	switch {
	case strings.HasPrefix(name, "dm-"):
		uuid := r.read(dir, "dm/uuid")
		for prefix, layer := range map[string]string{"LVM-": "LVM", "CRYPT-": "dm-crypt", "mpath-": "multipath", "VDO-": "VDO"} {
			if strings.HasPrefix(uuid, prefix) {
				return layer
			}
		}
		return "device-mapper"
	case strings.HasPrefix(name, "md"):
		if level := r.read(dir, "md/level"); level != "" {
			return "md " + level
		}
		return "md"
	}
	return ""
}

func (r resolver) layer(l string) {
	if !slices.Contains(r.info.Stack, l) {
		r.info.Stack = append(r.info.Stack, l)
	}
}

func (r resolver) addDisk(dir, name string) {
	for _, d := range r.info.Disks {
		if d.Name == name {
			return
		}
	}
	d := Disk{Name: name, Path: "/dev/" + name, Rotational: r.read(dir, "queue/rotational") == "1"}
	if sectors, err := strconv.ParseInt(r.read(dir, "size"), 10, 64); err == nil {
		d.SizeBytes = sectors * 512 // sysfs counts 512-byte sectors whatever the block size
	}
	d.Model = r.read(dir, "device/model")
	real, _ := filepath.EvalSymlinks(dir)
	nvmeTransport := ""
	if strings.HasPrefix(name, "nvme") {
		d.Controller, nvmeTransport = r.nvmeController(dir)
	}
	d.Transport = transport(name, real, nvmeTransport)
	d.Network = slices.Contains([]string{"nbd", "rbd", "iscsi", "nvme-tcp", "nvme-rdma", "nvme-fc"}, d.Transport)
	if d.Transport == "ram" {
		r.info.RAM = true
	}
	r.info.Network = r.info.Network || d.Network
	r.info.Disks = append(r.info.Disks, d)
}

// nvmeController names the controller behind an NVMe namespace and its
// transport. With native multipath the namespace's device is the subsystem
// (nvme-subsys0), whose controllers are its nvmeN children.
func (r resolver) nvmeController(dir string) (name, transport string) {
	dev, err := filepath.EvalSymlinks(filepath.Join(dir, "device"))
	if err != nil {
		return "", ""
	}
	if !strings.HasPrefix(filepath.Base(dev), "nvme-subsys") {
		return filepath.Base(dev), r.read(dev, "transport")
	}
	ctrls, _ := filepath.Glob(filepath.Join(dev, "nvme[0-9]*"))
	if len(ctrls) == 0 {
		return filepath.Base(dev), ""
	}
	return filepath.Base(ctrls[0]), r.read(ctrls[0], "transport")
}

// namePrefixes classify disks by their kernel name, first match wins
// (nvme and sd are refined below).
var namePrefixes = []struct{ prefix, transport string }{
	{"vd", "virtio"}, {"xvd", "xen"}, {"nbd", "nbd"}, {"rbd", "rbd"}, {"loop", "loop"},
	{"zram", "ram"}, {"ram", "ram"}, {"pmem", "ram"}, {"mmcblk", "mmc"},
}

// scsiPaths classify sd* disks by their sysfs device path.
var scsiPaths = []struct{ part, transport string }{
	{"/usb", "usb"}, {"/session", "iscsi"}, {"/ata", "sata"}, {"/end_device-", "sas"},
}

// transport classifies a disk from its name, its sysfs device path and,
// for NVMe, the controller's transport.
func transport(name, devPath, nvmeTransport string) string {
	switch {
	case strings.HasPrefix(name, "nvme"):
		if nvmeTransport == "" || nvmeTransport == "pcie" {
			return "nvme"
		}
		return "nvme-" + nvmeTransport
	case strings.HasPrefix(name, "sd"):
		for _, p := range scsiPaths {
			if strings.Contains(devPath, p.part) {
				return p.transport
			}
		}
		return "scsi"
	}
	for _, p := range namePrefixes {
		if strings.HasPrefix(name, p.prefix) {
			return p.transport
		}
	}
	return "unknown"
}

// read returns a sysfs attribute's trimmed text, "" when it is missing.
func (r resolver) read(dir, attr string) string {
	b, err := os.ReadFile(filepath.Join(dir, attr))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// warnings tells the operator what makes this disk's numbers misleading.
func warnings(i *Info) []string {
	var w []string
	if i.RAM {
		w = append(w, fmt.Sprintf("%s is backed by RAM (%s): disk benchmarks there measure memory, so the disk rows are not measured; pass --dir on the disk that will hold the chain", i.Dir, i.FSType))
	}
	if i.Network {
		w = append(w, fmt.Sprintf("%s is network-backed (%s): its numbers measure the network as much as a disk", i.Dir, networkKind(i)))
	}
	if i.CopyOnWrite {
		w = append(w, fmt.Sprintf("%s is copy-on-write: blockchain databases (ParityDB, RocksDB) are slower on it than on ext4 (operators use ext4 on LVM for chain data)", i.FSType))
	}
	if !i.RAM && !i.Network && len(i.Disks) == 0 && !i.CopyOnWrite {
		w = append(w, fmt.Sprintf("could not resolve the block device behind %s (%s on %s)", i.Dir, i.FSType, i.Source))
	}
	return w
}

func networkKind(i *Info) string {
	for _, d := range i.Disks {
		if d.Network {
			return d.Transport
		}
	}
	return i.FSType
}
