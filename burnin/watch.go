package burnin

import (
	"errors"
	"fmt"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// Watches read the machine's sensors and counters under a root directory
// ("/" live, a recorded sysfs tree in tests), one file per watch. A watch
// the machine does not reveal returns an error wrapping errNotRevealed;
// the run records it as unknown with the reason, never as a pass.

var errNotRevealed = errors.New("not revealed by this machine")

func notRevealed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNotRevealed, fmt.Sprintf(format, args...))
}

// ReadCounters reads every counter the verdict diffs: thermal throttle
// counts, EDAC, machine checks and NVMe SMART. The second result names
// what the machine does not reveal, with the reason.
func ReadCounters(root string) (model.Counters, []string) {
	c := model.Counters{Time: time.Now().UTC()}
	var unknown []string
	note := func(what string, err error) {
		unknown = append(unknown, fmt.Sprintf("%s: %v", what, err))
	}
	if t, err := readThrottle(root); err != nil {
		note(watchThrottle, err)
	} else {
		c.Throttle = t
	}
	if e, err := readEDAC(root); err != nil {
		note(watchEDAC, err)
	} else {
		c.EDAC = e
	}
	if m, err := readMCE(root); err != nil {
		note(watchMCE, err)
	} else {
		c.MCE = &m
	}
	m, err := readMachineChecks(root)
	if err != nil {
		note("corrected machine checks", err)
	}
	c.MachineChecks = m
	n, why, err := readNVMe(root)
	switch {
	case err != nil:
		note(watchNVMe, err)
	case why != "":
		unknown = append(unknown, watchNVMe+": "+why)
	}
	c.NVMe = n
	return c, unknown
}
