package glibccopy

import (
	"bufio"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// loaderPath is the x86-64 dynamic loader of glibc distributions (Debian,
// Ubuntu, RHEL and their kin): the loader that would start a polkadot
// binary here.
const loaderPath = "/lib64/ld-linux-x86-64.so.2"

// Diagnostics are the figures glibc's loader computed for this machine,
// as `ld.so --list-diagnostics` (glibc 2.33 and later) prints them. They
// are what memcpy uses in every dynamically linked program here, the
// distribution's patches and any GLIBC_TUNABLES included, so where they
// can be read Plan takes them instead of recomputing glibc's formulas
// (which changed between 2.36, 2.39 and 2.41, and which distributions
// patch: Debian 12's 2.36 derives the non-temporal threshold as a quarter
// of the L3 and stops REP MOVSB at the L2 size on AMD).
type Diagnostics struct {
	// Version is glibc's version ("2.36").
	Version string
	// NonTemporal, RepMovsb, RepMovsbStop and Shared are glibc's
	// thresholds and shared cache size in bytes.
	NonTemporal, RepMovsb, RepMovsbStop, Shared uint64
	// PreferNoAVX512 is glibc's Prefer_No_AVX512 for this CPU;
	// AVXFastUnaligned its AVX_Fast_Unaligned_Load.
	PreferNoAVX512, AVXFastUnaligned bool
}

// readDiagnostics runs the loader's --list-diagnostics; false where there
// is no glibc loader or it cannot say (musl, static-only systems, glibc
// before 2.33).
func readDiagnostics() (Diagnostics, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, loaderPath, "--list-diagnostics").Output()
	if err != nil {
		return Diagnostics{}, false
	}
	return parseDiagnostics(string(out))
}

// parseDiagnostics reads the lines Plan needs; false unless all four
// thresholds are there.
func parseDiagnostics(out string) (Diagnostics, bool) {
	var d Diagnostics
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		if key == "version.version" {
			d.Version = strings.Trim(val, `"`)
			continue
		}
		name, ok := strings.CutPrefix(key, "x86.cpu_features.")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(val, 0, 64)
		if err != nil {
			continue
		}
		switch name {
		case "non_temporal_threshold":
			d.NonTemporal = n
			seen |= 1
		case "rep_movsb_threshold":
			d.RepMovsb = n
			seen |= 2
		case "rep_movsb_stop_threshold":
			d.RepMovsbStop = n
			seen |= 4
		case "shared_cache_size":
			d.Shared = n
			seen |= 8
		case "preferred.Prefer_No_AVX512":
			d.PreferNoAVX512 = n != 0
		case "preferred.AVX_Fast_Unaligned_Load":
			d.AVXFastUnaligned = n != 0
		}
	}
	return d, seen == 15 && d.NonTemporal > 0
}
