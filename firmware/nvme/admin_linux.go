package nvme

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unsafe"

	smart "github.com/anatol/smart.go"
	"golang.org/x/sys/unix"
)

// readAdmin sends Identify Controller and the SMART/health log through
// smart.go and reads the firmware slot log itself (smart.go has no reader
// for it). A refused open means the caller lacks privilege for all of them.
func readAdmin(dev string) (*AdminData, error) {
	d, err := smart.OpenNVMe(dev)
	if err != nil {
		return nil, adminErr("open "+dev, err)
	}
	defer d.Close()
	a := &AdminData{}
	if id, _, err := d.Identify(); err != nil {
		a.Errors = append(a.Errors, adminErr("identify", err).Error())
	} else {
		a.FirmwareUpdatable = id.Oacs&(1<<2) != 0
		a.SlotCount = int(id.Frmw>>1) & 0x7
		a.identify = identifyInfo{model: id.ModelNumber(), serial: id.SerialNumber(), firmware: id.FirmwareRev()}
	}
	if log, err := d.ReadSMART(); err != nil {
		a.Errors = append(a.Errors, adminErr("SMART/health log", err).Error())
	} else if h, err := ParseSMARTLog(smartLogBytes(log)); err != nil {
		a.Errors = append(a.Errors, err.Error())
	} else {
		a.Health = &h
	}
	if s, err := readSlotLog(dev); err != nil {
		a.Errors = append(a.Errors, adminErr("firmware slot log", err).Error())
	} else {
		a.Slots = &s
	}
	if a.Health == nil && a.Slots == nil && allNeedRoot(a.Errors) {
		return nil, ErrNeedRoot
	}
	return a, nil
}

func allNeedRoot(errs []string) bool {
	for _, e := range errs {
		if !strings.Contains(e, ErrNeedRoot.Error()) {
			return false
		}
	}
	return len(errs) > 0
}

// smartLogBytes turns smart.go's decoded page back into the 512 bytes the
// drive sent, so live reads go through ParseSMARTLog like recorded pages.
func smartLogBytes(l *smart.NvmeSMARTLog) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, l) // fixed-size struct: cannot fail
	return buf.Bytes()
}

// adminErr names the refused read and maps EACCES/EPERM to ErrNeedRoot.
func adminErr(what string, err error) error {
	if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
		return fmt.Errorf("%s: %w", what, ErrNeedRoot)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// nvmeAdminCmd is the kernel's struct nvme_admin_cmd (72 bytes), the
// argument of NVME_IOCTL_ADMIN_CMD, which every NVMe-capable kernel has.
type nvmeAdminCmd struct {
	opcode      uint8
	flags       uint8
	rsvd1       uint16
	nsid        uint32
	cdw2, cdw3  uint32
	metadata    uint64
	addr        uint64
	metadataLen uint32
	dataLen     uint32
	cdw10       uint32
	cdw11       uint32
	cdw12       uint32
	cdw13       uint32
	cdw14       uint32
	cdw15       uint32
	timeoutMs   uint32
	result      uint32
}

const (
	nvmeIoctlAdminCmd = 0xC0484E41
	opGetLogPage      = 0x02
	logSMART          = 0x02
	logFirmwareSlot   = 0x03
)

var _ [72]byte = [unsafe.Sizeof(nvmeAdminCmd{})]byte{} // layout must match the kernel's

// readSlotLog reads and parses the firmware slot information log.
func readSlotLog(dev string) (SlotLog, error) {
	b, err := readLogPage(dev, logFirmwareSlot)
	if err != nil {
		return SlotLog{}, err
	}
	return ParseSlotLog(b)
}

// readLogPage sends Get Log Page for a 512-byte controller-wide log.
func readLogPage(dev string, id uint8) ([]byte, error) {
	fd, err := unix.Open(dev, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf := make([]byte, 512)
	cmd := nvmeAdminCmd{
		opcode:  opGetLogPage,
		nsid:    0xFFFFFFFF,
		addr:    uint64(uintptr(unsafe.Pointer(&buf[0]))),
		dataLen: uint32(len(buf)),
		cdw10:   uint32(id) | uint32(len(buf)/4-1)<<16,
	}
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), nvmeIoctlAdminCmd, uintptr(unsafe.Pointer(&cmd)))
	runtime.KeepAlive(buf)
	if errno != 0 {
		return nil, errno
	}
	return buf, nil
}
