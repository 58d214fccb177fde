package inventory

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// SMBIOS structure types hwqual reads (DMTF DSP0134).
const (
	smbiosMemoryArray  = 16
	smbiosMemoryDevice = 17
	smbiosEndOfTable   = 127
)

// smbiosStruct is one structure of an SMBIOS table: its formatted area
// (header included) and its strings.
type smbiosStruct struct {
	typ     byte
	handle  uint16
	data    []byte
	strings []string
}

// str returns the string a formatted-area byte at off refers to ("" for
// none or out of range).
func (s smbiosStruct) str(off int) string {
	if off >= len(s.data) {
		return ""
	}
	i := int(s.data[off])
	if i == 0 || i > len(s.strings) {
		return ""
	}
	return s.strings[i-1]
}

func (s smbiosStruct) u8(off int) (byte, bool) {
	if off >= len(s.data) {
		return 0, false
	}
	return s.data[off], true
}

func (s smbiosStruct) u16(off int) (uint16, bool) {
	if off+2 > len(s.data) {
		return 0, false
	}
	return binary.LittleEndian.Uint16(s.data[off:]), true
}

func (s smbiosStruct) u32(off int) (uint32, bool) {
	if off+4 > len(s.data) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(s.data[off:]), true
}

var errSMBIOSTruncated = errors.New("smbios: truncated table")

// parseSMBIOS splits a raw table (/sys/firmware/dmi/tables/DMI) into
// structures. The table is untrusted input: every length is checked and a
// malformed table returns the structures read so far with an error.
func parseSMBIOS(b []byte) ([]smbiosStruct, error) {
	var out []smbiosStruct
	for len(b) > 0 {
		if len(b) < 4 {
			return out, errSMBIOSTruncated
		}
		n := int(b[1])
		if n < 4 {
			return out, fmt.Errorf("smbios: structure type %d with length %d below its 4-byte header", b[0], n)
		}
		if n > len(b) {
			return out, errSMBIOSTruncated
		}
		s := smbiosStruct{typ: b[0], handle: binary.LittleEndian.Uint16(b[2:]), data: b[:n]}
		// The string set follows the formatted area: NUL-terminated strings
		// and one more NUL (two NULs when there are no strings).
		rest := b[n:]
		end := bytes.Index(rest, []byte{0, 0})
		if end < 0 {
			return out, errSMBIOSTruncated
		}
		if end > 0 {
			s.strings = strings.Split(string(rest[:end]), "\x00")
		}
		out = append(out, s)
		b = rest[end+2:]
		if s.typ == smbiosEndOfTable {
			break
		}
	}
	return out, nil
}

// memoryTypes names SMBIOS memory device types (DSP0134 7.18.2).
var memoryTypes = map[byte]string{
	0x12: "DDR", 0x13: "DDR2", 0x18: "DDR3", 0x1a: "DDR4", 0x1b: "LPDDR",
	0x1c: "LPDDR2", 0x1d: "LPDDR3", 0x1e: "LPDDR4", 0x20: "HBM", 0x21: "HBM2",
	0x22: "DDR5", 0x23: "LPDDR5", 0x24: "HBM3",
}

// Type-detail bits (DSP0134 7.18.3).
const (
	typeDetailRegistered   = 1 << 13
	typeDetailUnbuffered   = 1 << 14
	unknownWord            = 0xffff
	extendedSizeMarker     = 0x7fff
	sizeInKiB              = 1 << 15
	eccNone, eccParity     = 3, 4
	eccSingle, eccMulti    = 5, 6
	eccCRC                 = 7
	memoryArrayECCOffset   = 0x06
	memoryDeviceArrayRef   = 0x04
	memoryDeviceTotalWidth = 0x08
	memoryDeviceDataWidth  = 0x0a
)

// smbiosMemory is what the SMBIOS table says about memory.
type smbiosMemory struct {
	dimms []DIMM
	// arrayECC is the error correction of the arrays the DIMMs sit in:
	// nil unknown, else whether it is an ECC type.
	arrayECC *bool
}

// memoryFromSMBIOS reads the installed memory devices (type 17) and the
// error correction of their arrays (type 16).
func memoryFromSMBIOS(structs []smbiosStruct) smbiosMemory {
	arrays := map[uint16]byte{}
	for _, s := range structs {
		if s.typ == smbiosMemoryArray {
			if v, ok := s.u8(memoryArrayECCOffset); ok {
				arrays[s.handle] = v
			}
		}
	}
	var m smbiosMemory
	for _, s := range structs {
		if s.typ != smbiosMemoryDevice {
			continue
		}
		d, installed := dimmFromSMBIOS(s)
		if !installed {
			continue
		}
		if ref, ok := s.u16(memoryDeviceArrayRef); ok {
			if ecc, ok := arrays[ref]; ok {
				switch ecc {
				case eccSingle, eccMulti, eccCRC:
					m.arrayECC = ptr(true)
				case eccNone, eccParity:
					if m.arrayECC == nil {
						m.arrayECC = ptr(false)
					}
				}
			}
		}
		m.dimms = append(m.dimms, d)
	}
	return m
}

// dimmFromSMBIOS decodes one memory device; installed is false for an
// empty slot.
func dimmFromSMBIOS(s smbiosStruct) (DIMM, bool) {
	d := DIMM{
		Locator:      s.str(0x10),
		BankLocator:  s.str(0x11),
		Manufacturer: s.str(0x17),
		PartNumber:   s.str(0x1a),
	}
	size, ok := s.u16(0x0c)
	if !ok || size == 0 {
		return d, false
	}
	switch {
	case size == unknownWord:
	case size == extendedSizeMarker:
		if ext, ok := s.u32(0x1c); ok {
			d.SizeBytes = uint64(ext&0x7fffffff) << 20
		}
	case size&sizeInKiB != 0:
		d.SizeBytes = uint64(size&^sizeInKiB) << 10
	default:
		d.SizeBytes = uint64(size) << 20
	}
	if t, ok := s.u8(0x12); ok {
		d.Type = memoryTypes[t]
	}
	if detail, ok := s.u16(0x13); ok {
		switch {
		case detail&typeDetailRegistered != 0:
			d.Registered = ptr(true)
		case detail&typeDetailUnbuffered != 0:
			d.Registered = ptr(false)
		}
	}
	d.RatedMTs = speedMTs(s, 0x15, 0x54)
	d.ConfiguredMTs = speedMTs(s, 0x20, 0x58)
	tw, ok1 := s.u16(memoryDeviceTotalWidth)
	dw, ok2 := s.u16(memoryDeviceDataWidth)
	if ok1 && ok2 && tw != unknownWord && dw != unknownWord && tw != 0 && dw != 0 {
		d.ECC = ptr(tw > dw)
	}
	return d, true
}

// speedMTs reads a speed word, following 0xFFFF to the extended dword
// (SMBIOS 3.3). 0 means unknown.
func speedMTs(s smbiosStruct, off, extOff int) int {
	v, ok := s.u16(off)
	if !ok {
		return 0
	}
	if v == unknownWord {
		ext, ok := s.u32(extOff)
		if !ok {
			return 0
		}
		return int(ext & 0x7fffffff)
	}
	return int(v)
}
