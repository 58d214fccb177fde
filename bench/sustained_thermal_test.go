package bench

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/throttletest"
)

var recordThermal = flag.String("record-thermal", "", "write the thermal test's sustained-write record (JSON) to this file")

// fakeNVMeHwmon lays out /sys/class/nvme/nvme0/hwmon3 as the kernel's
// NVMe hwmon driver does: temp1_input and temp1_max in millidegrees.
func fakeNVMeHwmon(t *testing.T, input, max string) (root, inputPath string) {
	t.Helper()
	root = t.TempDir()
	dir := filepath.Join(root, "sys/class/nvme/nvme0/hwmon3")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]string{"temp1_input": input, "temp1_max": max, "name": "nvme"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, filepath.Join(dir, "temp1_input")
}

func TestFindDriveTemp(t *testing.T) {
	root, _ := fakeNVMeHwmon(t, "49850", "69850") // as QEMU's NVMe reports them on a 6.1 kernel
	d, err := FindDriveTemp(root, "nvme0")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := d.Read(); err != nil || c != 49.85 {
		t.Errorf("Read = %v, %v; want 49.85", c, err)
	}
	if d.WarningCelsius != 69.85 {
		t.Errorf("warning %v, want 69.85", d.WarningCelsius)
	}
	if _, err := FindDriveTemp(root, "nvme1"); err == nil {
		t.Error("nvme1 has no sensor: want an error")
	}
}

// TestSustainedWriteThermalThrottle runs the real sustained write on this
// machine's disk while, from outside, the test heats the (recorded-layout)
// hwmon sensor past its warning threshold and caps the process's disk
// writes at the same moment: the drop must be reported as thermal
// throttling, not cache exhaustion.
func TestSustainedWriteThermalThrottle(t *testing.T) {
	const (
		heatAt = 1 << 30
		capped = 40e6
	)
	cfg, o := smallDisk(t)
	group := throttletest.New(t, cfg.Dir)
	root, input := fakeNVMeHwmon(t, "45850", "81850")
	temp, err := FindDriveTemp(root, "nvme0")
	if err != nil {
		t.Fatal(err)
	}
	o.DriveTemp, o.SustainedBytes, o.SustainedMaxBytes, o.ProofBytes = temp, 3<<29, 2<<30, 8<<30
	if err := group.Add(os.Getpid()); err != nil {
		t.Fatalf("join cgroup: %v", err)
	}
	defer group.Leave(os.Getpid())
	stop := make(chan struct{})
	defer close(stop)
	go throttletest.WhenFileReaches(cfg.Dir, ".hwqual-sustained", heatAt, stop, func() {
		os.WriteFile(input, []byte("82850\n"), 0o644) // 1 °C over the warning threshold
		group.CapWrites(capped)
	})
	res, err := sustainedWrite{}.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Details.Sustained
	if *recordThermal != "" {
		data, _ := json.MarshalIndent(s, "", " ")
		if err := os.WriteFile(*recordThermal, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if s.Cliff == nil {
		t.Fatalf("no cliff in %d intervals: peak %.0f MB/s, steady %.0f MB/s", len(s.Timeline), s.PeakBytesPerSecond/1e6, s.SteadyBytesPerSecond/1e6)
	}
	if s.Cliff.Cause != diskstat.CauseThermal {
		t.Errorf("cause %q, want thermal", s.Cliff.Cause)
	}
	if s.WarningCelsius != 81.85 {
		t.Errorf("warning %v °C, want 81.85", s.WarningCelsius)
	}
	if !strings.Contains(res.Notes[0], "thermal throttling") {
		t.Errorf("note %q does not say thermal throttling", res.Notes[0])
	}
	if hot, ok := diskstat.MaxTemperature(s.Timeline); !ok || hot != 82.85 {
		t.Errorf("hottest %v (%v), want 82.85 °C in the timeline", hot, ok)
	}
}
