//go:build !linux

package burnin

// testRegion outside Linux is a Go slice, not locked: the report says so.
func testRegion(words int) ([]uint64, memLock, func(), error) {
	return make([]uint64, words), memLock{Note: "memory under test not locked in RAM: mlock is only used on Linux"}, func() {}, nil
}
