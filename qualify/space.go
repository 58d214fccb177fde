package qualify

import (
	"errors"
	"fmt"

	"github.com/hwqual/hwqual/internal/units"
)

// FloorMinBytes is the least space a run leaves free, whatever the
// filesystem's size; FloorFraction the least share of the filesystem.
const (
	FloorMinBytes = 2 << 30
	FloorFraction = 0.10
)

// ErrNoSpace marks a run the free-space floor refuses.
var ErrNoSpace = errors.New("not enough free space")

// Floor is what a run must leave free on a filesystem of total bytes:
// max(10 % of it, 2 GiB), so a qualification never fills a disk a node is
// running on.
func Floor(total uint64) uint64 {
	return max(uint64(float64(total)*FloorFraction), FloorMinBytes)
}

// CheckSpace refuses a run whose scratch files (need bytes at most at
// once) would leave less than Floor(total) of avail free.
func CheckSpace(mode string, need, total, avail uint64) error {
	floor := Floor(total)
	if need+floor <= avail {
		return nil
	}
	return fmt.Errorf("%w: the %s disk benchmarks need %s of scratch space and keep %s free (max of 10%% of the filesystem, 2 GiB): %s in all, but %s is available",
		ErrNoSpace, mode, units.GiB(float64(need)), units.GiB(float64(floor)), units.GiB(float64(need+floor)), units.GiB(float64(avail)))
}

// SpaceBeyondFloor is how much of avail can be written without breaching
// the floor: the room a --full sustained write may grow into.
func SpaceBeyondFloor(total, avail uint64) uint64 {
	if f := Floor(total); avail > f {
		return avail - f
	}
	return 0
}
