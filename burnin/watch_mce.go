package burnin

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// readMCE sums the kernel's machine-check exception counts: the "MCE:"
// row of /proc/interrupts, one column per CPU (x86).
func readMCE(root string) (uint64, error) {
	path := filepath.Join(root, "proc", "interrupts")
	f, err := os.Open(path)
	if err != nil {
		return 0, notRevealed("cannot read %s: %v", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != "MCE:" {
			continue
		}
		var sum uint64
		for _, f := range fields[1:] {
			v, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				break // the description after the counts
			}
			sum += v
		}
		return sum, nil
	}
	return 0, notRevealed("no MCE row in %s (not x86, or a virtual machine)", path)
}
