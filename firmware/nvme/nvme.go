// Package nvme reads NVMe controllers' identity, health (the SMART log) and
// firmware slot log, and judges each controller's firmware against an
// advisory database (firmware/advisory) and its health.
//
// Reading is kept apart from parsing: sysfs and ioctl readers fill a
// Controller, and the log-page parsers are pure functions over byte slices
// that tests and fuzzers call directly.
package nvme

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Controller is one NVMe controller as the host sees it.
type Controller struct {
	// Name is the kernel's name, e.g. "nvme0".
	Name     string `json:"name"`
	Model    string `json:"model"`
	Serial   string `json:"serial"`
	Firmware string `json:"firmware_rev"`
	// PCIVendor and PCIDevice are the PCI ids as sysfs writes them
	// ("0x144d"); empty for controllers not on PCI.
	PCIVendor string `json:"pci_vendor,omitempty"`
	PCIDevice string `json:"pci_device,omitempty"`
	// LinkSpeed and LinkWidth are the negotiated PCIe link.
	LinkSpeed string `json:"pcie_link_speed,omitempty"`
	LinkWidth string `json:"pcie_link_width,omitempty"`
	// Admin holds what the admin ioctl returned; nil when it was not read.
	Admin *AdminData `json:"admin,omitempty"`
	// NotRead names the fields that could not be read and why, e.g.
	// "smart_health, firmware_slots: need root (CAP_SYS_ADMIN)".
	NotRead string `json:"not_read,omitempty"`
}

// AdminData is what the NVMe admin commands (Identify, Get Log Page)
// report. Each part is nil when its command failed.
type AdminData struct {
	// FirmwareUpdatable is Identify's OACS bit 2 (Firmware Download and
	// Commit supported); SlotCount is FRMW bits 3:1.
	FirmwareUpdatable bool         `json:"firmware_updatable"`
	SlotCount         int          `json:"firmware_slot_count"`
	Health            *Health      `json:"smart_health,omitempty"`
	Slots             *SlotLog     `json:"firmware_slots,omitempty"`
	Errors            []string     `json:"errors,omitempty"`
	identify          identifyInfo // what Identify said, for cross-checks
}

type identifyInfo struct {
	model, serial, firmware string
}

// ErrNeedRoot marks an admin read the kernel refused for lack of privilege.
var ErrNeedRoot = errors.New("needs root (CAP_SYS_ADMIN)")

// adminFields are the fields only the admin ioctl can read.
const adminFields = "smart_health, firmware_slots, firmware_slot_count"

// Controllers lists the NVMe controllers under root (a live machine's "/"
// or a recorded machine tree), sorted by name, and reads each one's admin
// data from root/dev/NAME when the device node is there and permitted. It
// returns an empty list, not an error, on a machine without NVMe.
func Controllers(root string) ([]Controller, error) {
	class := filepath.Join(root, "sys", "class", "nvme")
	entries, err := os.ReadDir(class)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list NVMe controllers: %w", err)
	}
	var out []Controller
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "nvme") {
			continue
		}
		c, err := readSysfs(filepath.Join(class, e.Name()))
		if err != nil {
			return nil, err
		}
		c.Name = e.Name()
		c.Admin, c.NotRead = readAdminIfPresent(filepath.Join(root, "dev", e.Name()))
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Controller) int { return compareNames(a.Name, b.Name) })
	return out, nil
}

// compareNames sorts nvme2 before nvme10.
func compareNames(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// readSysfs reads a controller's identity from its sysfs directory. The
// model, serial and firmware files are required; PCI and link files are
// absent for fabrics controllers and left empty.
func readSysfs(dir string) (Controller, error) {
	var c Controller
	for _, f := range []struct {
		name string
		dst  *string
		need bool
	}{
		{"model", &c.Model, true},
		{"serial", &c.Serial, true},
		{"firmware_rev", &c.Firmware, true},
		{"device/vendor", &c.PCIVendor, false},
		{"device/device", &c.PCIDevice, false},
		{"device/current_link_speed", &c.LinkSpeed, false},
		{"device/current_link_width", &c.LinkWidth, false},
	} {
		data, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			if f.need || !errors.Is(err, os.ErrNotExist) {
				return c, fmt.Errorf("read NVMe identity: %w", err)
			}
			continue
		}
		*f.dst = strings.TrimSpace(string(data))
	}
	return c, nil
}

// readAdminIfPresent reads admin data from dev when the node exists; the
// second result says which fields are missing and why.
func readAdminIfPresent(dev string) (*AdminData, string) {
	if _, err := os.Stat(dev); err != nil {
		return nil, fmt.Sprintf("%s: no device node %s", adminFields, dev)
	}
	a, err := readAdmin(dev)
	if err != nil {
		if errors.Is(err, ErrNeedRoot) {
			return nil, fmt.Sprintf("%s: %s", adminFields, ErrNeedRoot)
		}
		return nil, fmt.Sprintf("%s: %v", adminFields, err)
	}
	return a, ""
}
