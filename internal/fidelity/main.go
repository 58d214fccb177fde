// Command fidelity compares hwqual's Substrate-named scores with what
// Substrate's own code scores on the same machine, interleaved: for each
// round and metric it runs the reference tool, then hwqual on that one
// metric, and prints hwqual ÷ reference per round and the median ratio.
// `make fidelity SUBSTRATE_REF=/path/to/reference/run` runs it.
//
// The reference tool is any program that takes `[--dir DIR] METRIC` and
// prints "METRIC <value> <KiB/s|MiB/s|GiB/s>" (see docs/substrate-fidelity.md).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/affinity"
	"github.com/hwqual/hwqual/internal/stats"
	"github.com/hwqual/hwqual/internal/units"
)

// busyShare is the cpu_share below which a run counts as disturbed, the
// threshold hwqual's own busy-machine note uses (bench/cpushare.go says why
// 0.9: below it the lost time alone exceeds the 10 % tolerance).
const busyShare = 0.9

// metrics are the Substrate-named rows, with the profile line hwqual runs.
var metrics = []string{"BLAKE2-256", "Copy", "SR25519-Verify", "Seq Write", "Rnd Write"}

// cpuBound are the rows a busy machine disturbs only by taking the core,
// which cpu_share shows; Copy and the disk rows also share memory and disk
// bandwidth with whatever else runs.
var cpuBound = map[string]bool{"BLAKE2-256": true, "SR25519-Verify": true}

// band is the ratio range in which a row counts as faithful: ±5 % for CPU
// and memory, ±10 % for the disk rows: the bands docs/substrate-fidelity.md
// holds every Substrate-named row to. Under a deliberate load every row
// gets ±10 %: both sides then lose time to it, and what is tested is that
// hwqual's estimator loses what Substrate's does.
func band(metric string, loaded bool) (lo, hi float64) {
	if loaded || strings.HasSuffix(metric, " Write") {
		return 0.90, 1.10
	}
	return 0.95, 1.05
}

func main() {
	ref := flag.String("ref", "", "reference tool (Substrate's implementations), e.g. substrate-ref/run")
	bin := flag.String("hwqual", "bin/hwqual", "hwqual binary")
	dir := flag.String("dir", "", "directory for the disk metrics (default: a temporary directory under /var/tmp)")
	rounds := flag.Int("rounds", 3, "interleaved rounds (at least 3)")
	only := flag.String("metrics", strings.Join(metrics, ","), "comma-separated metrics")
	load := flag.String("load", "", `"bursty": while the rounds run, one thread pinned to each CPU takes it for 100 ms and pauses 200 ms, a neighbour's bursts on a shared host`)
	flag.Parse()
	switch *load {
	case "":
	case "bursty":
		cpus, err := affinity.Allowed()
		if err != nil {
			fmt.Fprintf(os.Stderr, "fidelity: -load bursty: the CPUs to load: %v\n", err)
			os.Exit(2)
		}
		stop := burstyLoad(cpus, 100*time.Millisecond, 200*time.Millisecond)
		defer stop()
	default:
		fmt.Fprintf(os.Stderr, "fidelity: -load %q: want \"bursty\" or nothing\n", *load)
		os.Exit(2)
	}
	if err := run(*ref, *bin, *dir, *rounds, strings.Split(*only, ","), *load != ""); err != nil {
		fmt.Fprintln(os.Stderr, "fidelity:", err)
		os.Exit(2)
	}
}

func run(ref, bin, dir string, rounds int, want []string, loaded bool) error {
	if ref == "" {
		return errors.New("no reference tool: set SUBSTRATE_REF=/path/to/substrate-ref/run")
	}
	if st, err := os.Stat(ref); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return fmt.Errorf("reference tool %s: not an executable file", ref)
	}
	if rounds < 3 {
		return fmt.Errorf("--rounds %d: need at least 3", rounds)
	}
	for _, m := range want {
		if !slices.Contains(metrics, m) {
			return fmt.Errorf("--metrics: unknown metric %q (have %s)", m, strings.Join(metrics, ", "))
		}
	}
	tmp, err := os.MkdirTemp("", "hwqual-fidelity-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dir == "" {
		d, err := os.MkdirTemp("/var/tmp", "hwqual-fidelity-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	ratios := map[string][]float64{}
	refRates, ourRates := map[string][]float64{}, map[string][]float64{}
	busy, disturbed := 0, map[string]int{}
	cpu := ""
	fmt.Printf("reference %s, hwqual %s, disk directory %s, %s\n\n", ref, bin, dir, time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("| round | metric | Substrate's code | hwqual | hwqual ÷ Substrate | hwqual cpu_share |\n|---|---|---|---|---|---|\n")
	for r := 1; r <= rounds; r++ {
		for _, m := range want {
			refRate, err := reference(ref, dir, m)
			if err != nil {
				return err
			}
			ours, share, cpuName, err := hwqual(bin, tmp, dir, m)
			if err != nil {
				return err
			}
			cpu = cpuName
			ratios[m] = append(ratios[m], ours/refRate)
			refRates[m] = append(refRates[m], refRate)
			ourRates[m] = append(ourRates[m], ours)
			shareText := "-"
			if share > 0 {
				shareText = fmt.Sprintf("%.2f", share)
				if share < busyShare {
					busy++
					disturbed[m]++
				}
			}
			fmt.Printf("| %d | %s | %s | %s | %.3f | %s |\n", r, m, units.FormatThroughput(refRate), units.FormatThroughput(ours), ours/refRate, shareText)
		}
	}
	fmt.Printf("\nCPU: %s\n\n| metric | ratios | median hwqual ÷ Substrate | band | in band | disturbed rounds |\n|---|---|---|---|---|---|\n", cpu)
	for _, m := range want {
		parts := make([]string, len(ratios[m]))
		for i, v := range ratios[m] {
			parts[i] = fmt.Sprintf("%.3f", v)
		}
		med := stats.Median(ratios[m])
		lo, hi := band(m, loaded)
		in := "no"
		if med >= lo && med <= hi {
			in = "yes"
		}
		dist := "-" // memory and disk rows: other work's traffic does not show in cpu_share
		if cpuBound[m] {
			dist = strconv.Itoa(disturbed[m])
		}
		fmt.Printf("| %s | %s | **%.3f** | %.2f–%.2f | %s | %s |\n", m, strings.Join(parts, ", "), med, lo, hi, in, dist)
	}
	// The run-to-run spread of each side: how far a round's figure lies
	// from the mean of its rounds. hwqual cannot repeat more closely than
	// the machine lets Substrate's own code repeat; where the reference
	// spreads by several per cent, so will any faithful score.
	fmt.Printf("\n| metric | Substrate's code, deviation per round | max | hwqual, deviation per round | max |\n|---|---|---|---|---|\n")
	for _, m := range want {
		refDev, refMax := spread(refRates[m])
		ourDev, ourMax := spread(ourRates[m])
		fmt.Printf("| %s | %s | %.1f %% | %s | %.1f %% |\n", m, refDev, refMax, ourDev, ourMax)
	}
	if loaded {
		fmt.Printf("\nThese rounds ran under the deliberate load: they test that hwqual's score loses to contention what Substrate's code loses (band 0.90-1.10), and are no record for bench/fidelity.go; %d hwqual runs had the measuring thread on its core less than %.0f%% of the time, as the load intends.\n", busy, 100*busyShare)
		return nil
	}
	if busy > 0 {
		fmt.Printf("\n%d hwqual runs had the measuring thread on its core less than %.0f%% of the time: the machine is busy and those rows' wall-time ratios say little; rerun on an idle machine.\n", busy, 100*busyShare)
	}
	fmt.Printf("\nA CPU row (BLAKE2-256, SR25519-Verify) in band with no disturbed round, and a Copy or disk row in band from an idle machine (other work's memory and disk traffic does not show in cpu_share), goes into fidelityMeasured in bench/fidelity.go for this CPU type (%s), with the date, commit and median above.\n", cpu)
	return nil
}

// reference runs the reference tool on one metric and returns bytes/s.
func reference(ref, dir, metric string) (float64, error) {
	out, err := exec.Command(ref, "--dir", dir, metric).Output()
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", ref, metric, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, metric+" ") {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(line, metric+" "))
		if len(f) != 2 {
			break
		}
		v, err := strconv.ParseFloat(f[0], 64)
		scale, ok := map[string]float64{"KiB/s": 1 << 10, "MiB/s": 1 << 20, "GiB/s": 1 << 30}[f[1]]
		if err != nil || !ok {
			break
		}
		return v * scale, nil
	}
	return 0, fmt.Errorf("%s %s: no line %q <value> <KiB/s|MiB/s|GiB/s> in its output %q", ref, metric, metric, out)
}

// hwqual runs the production binary on a one-line profile and returns the
// metric's score in bytes/s, for CPU and memory rows the share of wall time
// the measuring thread ran (below 1 on a busy machine, where wall-time
// ratios stop meaning much), and the CPU hwqual says it ran on.
func hwqual(bin, tmp, dir, metric string) (score, cpuShare float64, cpu string, err error) {
	profile := filepath.Join(tmp, "one.yaml")
	body := fmt.Sprintf("name: fidelity\ndescription: one Substrate-named metric\nrequirements:\n  - metric: %s\n    minimum: 1 KiB/s\n", metric)
	if err := os.WriteFile(profile, []byte(body), 0o644); err != nil {
		return 0, 0, "", err
	}
	report := filepath.Join(tmp, "report.json")
	cmd := exec.Command(bin, "--profile", profile, "--json", report, "--dir", dir, "--quiet", "--allow-fail")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, "", fmt.Errorf("%s on %s: %w", bin, metric, err)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		return 0, 0, "", err
	}
	var doc struct {
		Checks []map[string]any `json:"checks"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return 0, 0, "", fmt.Errorf("%s: %w", report, err)
	}
	for _, c := range doc.Checks {
		if c["function"] != metric {
			continue
		}
		if f, ok := c["fidelity"].(map[string]any); ok {
			cpu, _ = f["cpu"].(string)
		}
		if reason, ok := c["reason"].(string); ok && reason != "" {
			return 0, 0, "", fmt.Errorf("hwqual did not measure %s: %s", metric, reason)
		}
		// Schema 2 keeps the score under "numeric", schema 1 at the top.
		if num, ok := c["numeric"].(map[string]any); ok {
			c = num
		}
		if v, ok := c["score_bytes_per_second"].(float64); ok && v > 0 {
			extra, _ := c["extra"].(map[string]any)
			share, _ := extra["cpu_share"].(float64)
			return v, share, cpu, nil
		}
	}
	return 0, 0, "", fmt.Errorf("%s: no score for %s", report, metric)
}

// burstyLoad starts one thread on each of cpus that spins for busy, then
// sleeps for pause, in step (all CPUs taken at once, as a neighbour VM's
// burst takes a host's cores), until the returned stop is called. They run
// in this driver's process, apart from both the reference tool and hwqual,
// so the measured programs meet them only through the scheduler, as they
// would meet another tenant. Substrate's estimator (work over the whole
// window) counts the lost time; a median of short samples would skip it.
//
// Each thread is pinned to its CPU. Left to the scheduler, the threads
// often woke on the same CPU and left the measured thread's alone, so a
// run lost 0-17 % by where they landed, not by how it measured: on a
// 2-vCPU Intel guest (2026-12-05) Substrate's own BLAKE2-256 loop read
// 0.92-1.00 of its idle rate with free threads and 0.82-0.84 with pinned
// ones, six runs each; SR25519-Verify 0.93-1.01 and 0.78-0.84. Pinned,
// every side of a pair meets the same contention, and the pair's ratio
// tests the estimator.
func burstyLoad(cpus []int, busy, pause time.Duration) (stop func()) {
	done := make(chan struct{})
	period := busy + pause
	epoch := time.Now()
	for _, cpu := range cpus {
		go func() {
			if err := affinity.Pin(cpu); err != nil {
				fmt.Fprintf(os.Stderr, "fidelity: bursty load thread left unpinned: %v\n", err)
			}
			for {
				select {
				case <-done:
					return
				default:
				}
				// Spin to the end of this period's burst, then sleep to the
				// next period, on a shared clock so the threads stay in step.
				k := time.Since(epoch) / period
				burstEnd := epoch.Add(k*period + busy)
				for time.Now().Before(burstEnd) {
				}
				time.Sleep(time.Until(epoch.Add((k + 1) * period)))
			}
		}()
	}
	return func() { close(done) }
}

// spread returns each value's deviation from the values' mean, in per cent
// and formatted ("+1.2, -0.4 %"), and the largest deviation's size.
func spread(v []float64) (string, float64) {
	if len(v) == 0 {
		return "-", 0
	}
	dev, largest := stats.DeviationsPercent(v)
	parts := make([]string, len(dev))
	for i, d := range dev {
		parts[i] = fmt.Sprintf("%+.1f", d)
	}
	return strings.Join(parts, ", "), largest
}
