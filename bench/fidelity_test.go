package bench

import (
	"strings"
	"testing"
)

func TestParseCPUIdentity(t *testing.T) {
	tests := []struct {
		name, cpuinfo string
		want          string
	}{
		{"zen 5 guest", "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n", "AMD family 26 model 2"},
		{"intel", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\nmodel name\t: Intel(R) Xeon(R) Platinum 8481C\n", "Intel family 6 model 143"},
		{"arm: no family", "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n", "CPU"},
		{"empty", "", "CPU"},
	}
	if c := parseCPUIdentity("vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 167\nflags\t\t: fpu avx2 amx_tile\n"); !c.hasFlag("amx_tile") || c.hasFlag("amx") {
		t.Errorf("flags %q: want amx_tile and not amx", c.Flags)
	}
	for _, tt := range tests {
		got := parseCPUIdentity(tt.cpuinfo).String()
		if !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFidelityOn(t *testing.T) {
	zen3 := CPUIdentity{Vendor: "AuthenticAMD", Family: 25, Model: 1}
	zen4 := CPUIdentity{Vendor: "AuthenticAMD", Family: 25, Model: 0x11}
	zen5 := CPUIdentity{Vendor: "AuthenticAMD", Family: 26, Model: 2}
	xeonGuest := CPUIdentity{Vendor: "GenuineIntel", Family: 6, Model: 0xa7, Flags: []string{"avx2", "avx512f", "amx_tile"}}
	rocketLake := CPUIdentity{Vendor: "GenuineIntel", Family: 6, Model: 0xa7, Flags: []string{"avx2", "avx512f"}}
	tests := []struct {
		metric   string
		cpu      CPUIdentity
		substr   bool
		measured bool
		note     string
	}{
		{"BLAKE2-256", zen3, true, true, ""},
		{"BLAKE2-256", zen4, true, false, "fidelity to Substrate's code not yet measured on this CPU (family 25 model 17); measured on: AMD family 25 models 0x00-0x0f (Zen 3, EPYC Milan), 2026-11-30, ratio 1.009"},
		{"BLAKE2-256-Parallel", zen3, true, false, "fidelity to Substrate's code not yet measured on this CPU (family 25 model 1); measured on: no CPU yet"},
		{"Copy-Parallel", zen3, false, false, ""},
		{"SR25519-Verify", zen5, true, true, ""},
		{"SR25519-Verify", zen3, true, false, "fidelity to Substrate's code not yet measured on this CPU (family 25 model 1); measured on: AMD family 26 models 0x00-0x0f (Zen 5, EPYC Turin), 2026-12-05, ratio 0.981"},
		{"Copy", zen5, true, true, ""},
		{"SR25519-Verify", xeonGuest, true, true, ""},
		// Same model number, no AMX: a Rocket Lake desktop, not measured.
		{"SR25519-Verify", rocketLake, true, false, "fidelity to Substrate's code not yet measured on this CPU (family 6 model 167); measured on: AMD family 26 models 0x00-0x0f (Zen 5, EPYC Turin), 2026-12-05, ratio 0.981; Intel family 6 model 0xa7 with amx_tile (Xeon with AMX as a KVM guest reports it), 2026-12-05, ratio 0.954"},
		{"Copy", zen4, true, false, "fidelity to Substrate's code not yet measured on this CPU (family 25 model 17); measured on: AMD family 25 models 0x00-0x0f (Zen 3, EPYC Milan), 2026-11-30, ratio 1.033; AMD family 26"},
		{"Rnd Write", CPUIdentity{Arch: "arm64"}, true, false, "fidelity to Substrate's code not yet measured on this CPU (arm64 CPU); measured on: AMD family 25"},
	}
	for _, tt := range tests {
		f, ok := fidelityOn(tt.metric, tt.cpu)
		if ok != tt.substr || f.Measured != tt.measured {
			t.Errorf("%s on %s: substrate row %t measured %t, want %t %t", tt.metric, tt.cpu, ok, f.Measured, tt.substr, tt.measured)
		}
		if note := f.Note(); ok && (tt.note == "") != (note == "") || !strings.HasPrefix(note, tt.note) {
			t.Errorf("%s on %s: note %q, want %q", tt.metric, tt.cpu, note, tt.note)
		}
	}
}

// TestFidelityTableNamesModules: every row in the table is a registered
// module, so a renamed metric cannot silently lose its record.
func TestFidelityTableNamesModules(t *testing.T) {
	for name, records := range fidelityMeasured {
		if _, ok := Lookup(name); !ok {
			t.Errorf("fidelity table row %q is no module", name)
		}
		for _, r := range records {
			if r.Date == "" || r.Commit == "" || r.Ratio <= 0 || r.ModelLo > r.ModelHi {
				t.Errorf("%s: incomplete record %+v", name, r)
			}
		}
	}
}
