package burnin

import (
	"os"
	"path/filepath"
	"testing"
)

// readTemps keys the sensors of the chips it knows by name and label, and
// reads hwmon's signed millidegrees: a sensor below 0 °C (a drive in an
// outdoor cabinet in winter) is a reading, not a file it cannot parse.
func TestReadTempsSignedAndLabelled(t *testing.T) {
	root := t.TempDir()
	for rel, val := range map[string]string{
		"sys/class/hwmon/hwmon0/name":        "k10temp",
		"sys/class/hwmon/hwmon0/temp1_label": "Tctl",
		"sys/class/hwmon/hwmon0/temp1_input": "61250",
		"sys/class/hwmon/hwmon1/name":        "nvme",
		"sys/class/hwmon/hwmon1/temp1_label": "Composite",
		"sys/class/hwmon/hwmon1/temp1_input": "-4000",
		"sys/class/hwmon/hwmon1/temp2_input": "12850",
		"sys/class/hwmon/hwmon2/name":        "acpitz",
		"sys/class/hwmon/hwmon2/temp1_input": "27800",
	} {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(val+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readTemps(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"k10temp/Tctl": 61.25, "nvme/Composite": -4, "nvme/temp2": 12.85}
	if len(got) != len(want) {
		t.Fatalf("readTemps = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}
