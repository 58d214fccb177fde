package inventory

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hwqual/hwqual/internal/units"
)

// Type is the type of an inventory field, which decides what a profile
// rule may compare it with and how values are written.
type Type string

// Field types.
const (
	TypeInt     Type = "int"
	TypeBool    Type = "bool"
	TypeBytes   Type = "bytes"   // "64 GiB", "8 TB"
	TypeMTs     Type = "MT/s"    // "4800 MT/s" or "4800"
	TypeMHz     Type = "MHz"     // "3400 MHz", "3.4 GHz" or "3400"
	TypeVersion Type = "version" // "5.16"
	TypeEnum    Type = "enum"    // one of the field's values
)

// Value is a field's value: Num for numeric types, Bool, or Str for
// version and enum.
type Value struct {
	Num  float64
	Bool bool
	Str  string
}

// Operators a rule may use.
var (
	allOps      = []string{"==", "!=", ">=", "<=", ">", "<"}
	equalityOps = []string{"==", "!="}
)

// Ops lists the operators that fit a type.
func (t Type) Ops() []string {
	if t == TypeBool || t == TypeEnum {
		return equalityOps
	}
	return allOps
}

// ErrUnknownUnit is wrapped when a value's unit is not one the type takes.
var ErrUnknownUnit = errors.New("unknown unit")

var byteUnits = map[string]float64{
	"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
	"kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
}

var byteUnitNames = []string{"B", "KiB", "MiB", "GiB", "TiB", "kB", "MB", "GB", "TB"}

var mhzUnits = map[string]float64{"MHz": 1, "GHz": 1000}

var mtsUnits = map[string]float64{"MT/s": 1}

// parseQuantity reads "<number> [unit]"; the unit may be left out when
// the type has an implied one (MHz, MT/s).
func parseQuantity(s string, units map[string]float64, names []string, unitRequired bool) (float64, error) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return 0, fmt.Errorf("%q: want \"<number> <unit>\"", s)
	}
	num, unit := f[0], ""
	if len(f) == 2 {
		unit = f[1]
	} else if i := strings.IndexFunc(num, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i > 0 {
		num, unit = num[:i], num[i:] // "64GiB"
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, fmt.Errorf("%q: %q is not a non-negative number", s, num)
	}
	if unit == "" {
		if unitRequired {
			return 0, fmt.Errorf("%q: %w: a unit is required (one of %s)", s, ErrUnknownUnit, strings.Join(names, ", "))
		}
		return v, nil
	}
	factor, ok := units[unit]
	if !ok {
		return 0, fmt.Errorf("%q: %w %q (want one of %s)", s, ErrUnknownUnit, unit, strings.Join(names, ", "))
	}
	return v * factor, nil
}

// ParseValue reads a rule's value for field f.
func (f *Field) ParseValue(s string) (Value, error) {
	s = strings.TrimSpace(s)
	switch f.Type {
	case TypeInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return Value{}, fmt.Errorf("%q is not a whole number", s)
		}
		return Value{Num: float64(n)}, nil
	case TypeBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return Value{}, fmt.Errorf("%q is not true or false", s)
		}
		return Value{Bool: b}, nil
	case TypeBytes:
		v, err := parseQuantity(s, byteUnits, byteUnitNames, true)
		return Value{Num: v}, err
	case TypeMHz:
		v, err := parseQuantity(s, mhzUnits, []string{"MHz", "GHz"}, false)
		return Value{Num: v}, err
	case TypeMTs:
		v, err := parseQuantity(s, mtsUnits, []string{"MT/s"}, false)
		return Value{Num: v}, err
	case TypeVersion:
		if _, ok := versionParts(s); !ok {
			return Value{}, fmt.Errorf("%q is not a version such as 5.16", s)
		}
		return Value{Str: s}, nil
	case TypeEnum:
		i := slices.IndexFunc(f.Enum, func(e string) bool { return strings.EqualFold(e, s) })
		if i < 0 {
			return Value{}, fmt.Errorf("%q is not one of %s", s, strings.Join(f.Enum, ", "))
		}
		return Value{Str: f.Enum[i]}, nil
	}
	return Value{}, fmt.Errorf("field type %q has no values", f.Type)
}

// versionParts reads the leading dotted numbers of a version: "6.1.0-18-amd64"
// is [6 1 0].
func versionParts(s string) ([]int, bool) {
	end := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if end >= 0 {
		s = s[:end]
	}
	if s == "" {
		return nil, false
	}
	var parts []int
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, false
		}
		parts = append(parts, n)
	}
	return parts, true
}

// compareVersions orders two versions component by component; missing
// components count as 0 (5.16 == 5.16.0).
func compareVersions(a, b string) int {
	pa, _ := versionParts(a)
	pb, _ := versionParts(b)
	for i := 0; i < max(len(pa), len(pb)); i++ {
		x, y := 0, 0
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return cmpInt(x, y)
		}
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Compare reports whether "found op want" holds for a field of type t.
// The operator must be one of t.Ops().
func Compare(t Type, op string, found, want Value) bool {
	var c int
	switch t {
	case TypeBool:
		c = cmpInt(b2i(found.Bool), b2i(want.Bool))
	case TypeEnum:
		c = strings.Compare(found.Str, want.Str)
	case TypeVersion:
		if _, ok := versionParts(found.Str); !ok {
			return false
		}
		c = compareVersions(found.Str, want.Str)
	default:
		switch {
		case found.Num < want.Num:
			c = -1
		case found.Num > want.Num:
			c = 1
		}
	}
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case "<":
		return c < 0
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Format writes a value the way the report shows it.
func (f *Field) Format(v Value) string {
	switch f.Type {
	case TypeBool:
		return strconv.FormatBool(v.Bool)
	case TypeVersion, TypeEnum:
		return v.Str
	case TypeBytes:
		return units.Bytes(v.Num)
	case TypeMHz:
		return fmt.Sprintf("%.0f MHz", v.Num)
	case TypeMTs:
		return fmt.Sprintf("%.0f MT/s", v.Num)
	}
	return strconv.FormatFloat(v.Num, 'f', -1, 64)
}

func formatFixed(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
