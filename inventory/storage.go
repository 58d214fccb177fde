package inventory

import (
	"os"
	"strconv"
	"strings"

	"github.com/jaypipes/ghw"
	"github.com/jaypipes/ghw/pkg/block"
)

// Storage lists block devices and the aggregates profile rules use.
type Storage struct {
	Disks []Disk `json:"disks"`
	// NVMeCount and NVMeTotalBytes cover NVMe namespaces only.
	NVMeCount      int    `json:"nvme_count"`
	NVMeTotalBytes uint64 `json:"nvme_total_bytes"`
	// MinPCIeGen is the lowest PCIe generation any NVMe drive's link runs
	// at; unknown when no NVMe link speed is readable.
	MinPCIeGen *int `json:"min_pcie_gen"`
}

// Disk is one whole block device (partitions, loop, zram, device-mapper
// and md devices are left out: they sit on top of disks).
type Disk struct {
	Name       string `json:"name"`
	Model      string `json:"model"`
	Serial     string `json:"serial"`
	SizeBytes  uint64 `json:"size_bytes"`
	Rotational bool   `json:"rotational"`
	// Transport is nvme, sata, sas, scsi, virtio, usb, mmc, network or
	// unknown.
	Transport string `json:"transport"`
	Firmware  string `json:"firmware"`
	// PCIe link of an NVMe drive as it runs now; nil when not readable
	// (behind a RAID card, in a VM).
	PCIeGen         *int     `json:"pcie_gen"`
	PCIeWidth       *int     `json:"pcie_width"`
	PCIeGTPerSecond *float64 `json:"pcie_gt_per_second"`
}

func (g *gatherer) storage() Storage {
	var s Storage
	info, err := ghw.Block(g.ghwOpts()...)
	if err != nil {
		g.notef("storage unknown: %v", err)
		return s
	}
	for _, d := range info.Disks {
		if skipDisk(d.Name) {
			continue
		}
		disk := Disk{
			Name:       d.Name,
			Model:      known(d.Model),
			Serial:     known(d.SerialNumber),
			SizeBytes:  d.SizeBytes,
			Rotational: d.DriveType == block.DriveTypeHDD,
			Transport:  g.transport(d),
		}
		disk.Firmware = g.firmware(d.Name, disk.Transport)
		// ghw takes model and serial from udev's database; without udev
		// (containers, recorded trees) sysfs has them too.
		if disk.Model == "" {
			disk.Model = g.firstOf("/sys/block/" + d.Name + "/device/model")
		}
		if disk.Serial == "" {
			disk.Serial = g.firstOf("/sys/block/"+d.Name+"/device/serial", "/sys/block/"+d.Name+"/serial")
		}
		if disk.Transport == "nvme" {
			disk.PCIeGTPerSecond, disk.PCIeGen, disk.PCIeWidth = g.pcieLink(d.Name)
			s.NVMeCount++
			s.NVMeTotalBytes += d.SizeBytes
			if disk.PCIeGen != nil && (s.MinPCIeGen == nil || *disk.PCIeGen < *s.MinPCIeGen) {
				s.MinPCIeGen = ptr(*disk.PCIeGen)
			}
		}
		s.Disks = append(s.Disks, disk)
	}
	return s
}

// skipDisk leaves out devices that sit on top of disks or are not
// storage (partitions are not listed by ghw as disks).
func skipDisk(name string) bool {
	for _, p := range []string{"loop", "zram", "ram", "dm-", "md", "sr", "fd"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// known maps ghw's "unknown" placeholder to "".
func known(s string) string {
	if s == "unknown" {
		return ""
	}
	return strings.TrimSpace(s)
}

// transport refines ghw's controller class with the device's sysfs path:
// a SCSI-class disk may be SATA (libata), SAS, USB or iSCSI.
func (g *gatherer) transport(d *block.Disk) string {
	switch d.StorageController {
	case block.StorageControllerNVMe:
		return "nvme"
	case block.StorageControllerVirtIO:
		return "virtio"
	case block.StorageControllerMMC:
		return "mmc"
	}
	if strings.HasPrefix(d.Name, "nbd") || strings.HasPrefix(d.Name, "rbd") {
		return "network"
	}
	link, err := os.Readlink(g.path("/sys/block/" + d.Name))
	if err != nil {
		return "unknown"
	}
	switch {
	case strings.Contains(link, "/usb"):
		return "usb"
	case strings.Contains(link, "/ata"):
		return "sata"
	case strings.Contains(link, "/session"):
		return "network" // iSCSI
	case strings.Contains(link, "/virtio"):
		return "virtio" // virtio-scsi
	case strings.Contains(link, "/end_device-"):
		return "sas"
	case d.StorageController == block.StorageControllerSCSI:
		return "scsi"
	}
	return "unknown"
}

// firstOf returns the first readable, non-empty file among paths.
func (g *gatherer) firstOf(paths ...string) string {
	for _, p := range paths {
		if s, ok := g.read(p); ok && s != "" {
			return s
		}
	}
	return ""
}

// firmware reads the controller's firmware revision: NVMe's firmware_rev,
// a SCSI/SATA device's rev.
func (g *gatherer) firmware(name, transport string) string {
	file := "/sys/block/" + name + "/device/rev"
	if transport == "nvme" {
		file = "/sys/block/" + name + "/device/firmware_rev"
	}
	s, _ := g.read(file)
	return s
}

// pcieLink reads the NVMe controller's PCI function link:
// /sys/block/nvme0n1/device is the controller, its "device" the PCI function.
func (g *gatherer) pcieLink(name string) (*float64, *int, *int) {
	dir := "/sys/block/" + name + "/device/device/"
	speed, ok := g.read(dir + "current_link_speed")
	if !ok {
		g.notef("%s PCIe link unknown: cannot read %scurrent_link_speed", name, dir)
		return nil, nil, nil
	}
	gts, gen, ok := parseLinkSpeed(speed)
	if !ok {
		g.notef("%s PCIe link unknown: %q is not a link speed", name, speed)
		return nil, nil, nil
	}
	var width *int
	if w, ok := g.read(dir + "current_link_width"); ok {
		if n, err := strconv.Atoi(w); err == nil && n > 0 {
			width = ptr(n)
		}
	}
	return ptr(gts), ptr(gen), width
}

// pcieGens maps a link's transfer rate to its PCIe generation.
var pcieGens = []struct {
	gts float64
	gen int
}{{2.5, 1}, {5, 2}, {8, 3}, {16, 4}, {32, 5}, {64, 6}}

// parseLinkSpeed reads sysfs link speeds such as "16.0 GT/s PCIe" or
// "8 GT/s".
func parseLinkSpeed(s string) (float64, int, bool) {
	f := strings.Fields(s)
	if len(f) < 2 || f[1] != "GT/s" {
		return 0, 0, false
	}
	gts, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0, 0, false
	}
	for _, p := range pcieGens {
		if gts == p.gts {
			return gts, p.gen, true
		}
	}
	return 0, 0, false
}
