package bench

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/hwqual/hwqual/internal/sysfs"
)

// DriveTemp reads an NVMe drive's composite temperature from the kernel's
// hwmon interface for the controller (drivers/nvme/host/hwmon.c):
// temp1_input is the composite temperature and temp1_max the warning
// threshold (the controller's WCTEMP), both in millidegrees Celsius. A
// drive at or above WCTEMP is allowed to throttle itself.
type DriveTemp struct {
	// Device names the controller, e.g. nvme0.
	Device string
	// WarningCelsius is the warning threshold; 0 when the drive reports
	// none.
	WarningCelsius float64
	input          string
}

// FindDriveTemp looks for the hwmon sensor of NVMe controller ctrl
// (nvme0) under root (normally "/"). It returns an error when the
// controller has no readable sensor (older kernels, other transports).
func FindDriveTemp(root, ctrl string) (*DriveTemp, error) {
	var dirs []string
	for _, pattern := range []string{"sys/class/nvme/%s/hwmon*", "sys/class/nvme/%s/device/hwmon*"} {
		m, _ := filepath.Glob(filepath.Join(root, fmt.Sprintf(pattern, ctrl)))
		dirs = append(dirs, m...)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		d := &DriveTemp{Device: ctrl, input: filepath.Join(dir, "temp1_input")}
		if _, err := d.Read(); err != nil {
			continue
		}
		if w, err := sysfs.Celsius(filepath.Join(dir, "temp1_max")); err == nil && w > 0 {
			d.WarningCelsius = w
		}
		return d, nil
	}
	return nil, fmt.Errorf("no hwmon temperature sensor for %s under %s", ctrl, filepath.Join(root, "sys/class/nvme"))
}

// Read returns the drive's temperature now, in °C.
func (d *DriveTemp) Read() (float64, error) { return sysfs.Celsius(d.input) }
