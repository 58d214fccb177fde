package sysfs

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestValues(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"count": "42\n", "big": "18446744073709551615\n", "neg": "-5000\n", "temp": "45875\n",
		"cold": "-2500\n", "label": "  Tctl \n", "junk": "n/a\n", "empty": "",
	} {
		write(t, filepath.Join(dir, name), content)
	}
	p := func(name string) string { return filepath.Join(dir, name) }

	uints := []struct {
		file    string
		want    uint64
		wantErr bool
	}{
		{"count", 42, false}, {"big", 1<<64 - 1, false}, {"neg", 0, true}, {"junk", 0, true}, {"empty", 0, true}, {"absent", 0, true},
	}
	for _, tt := range uints {
		got, err := Uint(p(tt.file))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Uint(%s) = %d, %v; want %d, error %v", tt.file, got, err, tt.want, tt.wantErr)
		}
	}

	ints := []struct {
		file    string
		want    int64
		wantErr bool
	}{
		{"count", 42, false}, {"neg", -5000, false}, {"junk", 0, true}, {"absent", 0, true},
	}
	for _, tt := range ints {
		got, err := Int(p(tt.file))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Int(%s) = %d, %v; want %d, error %v", tt.file, got, err, tt.want, tt.wantErr)
		}
	}

	temps := []struct {
		file    string
		want    float64
		wantErr bool
	}{
		{"temp", 45.875, false}, {"cold", -2.5, false}, {"junk", 0, true}, {"absent", 0, true},
	}
	for _, tt := range temps {
		got, err := Celsius(p(tt.file))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Celsius(%s) = %v, %v; want %v, error %v", tt.file, got, err, tt.want, tt.wantErr)
		}
	}

	for file, want := range map[string]string{"label": "Tctl", "empty": "", "absent": ""} {
		if got := Text(p(file)); got != want {
			t.Errorf("Text(%s) = %q, want %q", file, got, want)
		}
	}
}

func TestNumbered(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"cpu10", "cpu2", "cpu0", "cpufreq", "cpuidle", "cpu", "hwmon1"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := Numbered(dir, "cpu"), []string{"cpu0", "cpu2", "cpu10"}; !slices.Equal(got, want) {
		t.Errorf("Numbered(cpu) = %v, want %v", got, want)
	}
	if got := Numbered(filepath.Join(dir, "absent"), "cpu"); len(got) != 0 {
		t.Errorf("Numbered(absent dir) = %v, want none", got)
	}
}

func TestMeminfo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "meminfo")
	write(t, path, "MemTotal:       24576000 kB\nMemAvailable:   20000000 kB\nDirty:               132 kB\n\nHugePages_Total:       0\nbroken line\nWriteback: x kB\n")
	got, err := Meminfo(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint64{"MemTotal": 24576000 << 10, "MemAvailable": 20000000 << 10, "Dirty": 132 << 10, "HugePages_Total": 0}
	if !maps.Equal(got, want) {
		t.Errorf("Meminfo = %v, want %v", got, want)
	}
	if _, err := Meminfo(filepath.Join(dir, "absent")); err == nil {
		t.Error("absent file: no error")
	}
}
