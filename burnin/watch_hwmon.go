package burnin

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hwqual/hwqual/internal/sysfs"
)

// tempChips are the hwmon drivers whose temperatures burn-in records: CPU
// packages (AMD k10temp, Intel coretemp) and NVMe drives.
var tempChips = map[string]bool{"k10temp": true, "coretemp": true, "zenpower": true, "nvme": true}

// readTemps reads /sys/class/hwmon/hwmon*/temp*_input (signed millidegrees) of
// the chips above, keyed "name/label" ("k10temp/Tctl", "nvme/Composite";
// hwmonN is added when several chips share a name).
func readTemps(root string) (map[string]float64, error) {
	base := filepath.Join(root, "sys", "class", "hwmon")
	out := map[string]float64{}
	names := map[string]int{}
	mons := sysfs.Numbered(base, "hwmon")
	for _, m := range mons {
		names[sysfs.Text(filepath.Join(base, m, "name"))]++
	}
	for _, m := range mons {
		dir := filepath.Join(base, m)
		name := sysfs.Text(filepath.Join(dir, "name"))
		if !tempChips[name] {
			continue
		}
		chip := name
		if names[name] > 1 {
			chip = name + "@" + m
		}
		inputs, _ := filepath.Glob(filepath.Join(dir, "temp*_input"))
		for _, in := range inputs {
			v, err := sysfs.Celsius(in)
			if err != nil {
				continue
			}
			sensor := strings.TrimSuffix(filepath.Base(in), "_input")
			label := sysfs.Text(filepath.Join(dir, sensor+"_label"))
			if label == "" {
				label = sensor
			}
			out[chip+"/"+label] = v
		}
	}
	if len(out) == 0 {
		if _, err := os.Stat(base); err != nil {
			return nil, notRevealed("no %s", base)
		}
		return nil, notRevealed("no k10temp, coretemp or nvme temperature under %s", base)
	}
	return out, nil
}
