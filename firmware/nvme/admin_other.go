//go:build !linux

package nvme

import "errors"

// readAdmin is Linux-only: NVMe admin passthrough is a Linux ioctl.
func readAdmin(string) (*AdminData, error) {
	return nil, errors.New("NVMe admin commands are read only on Linux")
}
