package blake2

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench/internal/kernelrace"
)

// TestVectors checks every implementation against published digests: RFC
// 7693 appendix A ("abc") and the BLAKE2 reference KAT (keyed, key 00..3f).
func TestVectors(t *testing.T) {
	seq := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i)
		}
		return b
	}
	tests := []struct {
		name      string
		size      int
		key, data []byte
		want      string
	}{
		{"rfc7693 abc", 64, nil, []byte("abc"), "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"},
		{"empty", 64, nil, nil, "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"},
		{"256 empty", 32, nil, nil, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
		{"256 abc", 32, nil, []byte("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
		{"kat keyed empty", 64, seq(64), nil, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"},
		{"kat keyed 1 byte", 64, seq(64), seq(1), "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd"},
		{"kat keyed 128 bytes", 64, seq(64), seq(128), "72065ee4dd91c2d8509fa1fc28a37c7fc9fa7d5b3f8ad3d0d7a25626b57b1b44788d4caf806290425f9890a3a2a35a905ab4b37acfd0da6e4517b2525c9651e4"},
	}
	for _, impl := range Impls() {
		for _, tt := range tests {
			t.Run(impl.Name+"/"+tt.name, func(t *testing.T) {
				got, err := impl.SumChecked(tt.size, tt.key, tt.data)
				if err != nil {
					t.Fatal(err)
				}
				if h := hex.EncodeToString(got); h != tt.want {
					t.Errorf("got %s, want %s", h, tt.want)
				}
				if tt.size == 32 && tt.key == nil {
					if s := impl.Sum256(tt.data); !bytes.Equal(s[:], got) {
						t.Errorf("Sum256 = %x, Sum = %x", s, got)
					}
				}
			})
		}
	}
}

// TestDifferential compares every implementation with x/crypto on every
// length around the block boundaries, with and without a key.
func TestDifferential(t *testing.T) {
	data := make([]byte, 3*BlockSize+2)
	for i := range data {
		data[i] = byte(i*7 + 3)
	}
	for _, impl := range Impls() {
		for _, key := range [][]byte{nil, []byte("k"), data[:64]} {
			for n := 0; n <= len(data); n++ {
				compare(t, impl, 32, key, data[:n])
				compare(t, impl, 64, key, data[:n])
			}
		}
	}
}

func TestSumCheckedRejects(t *testing.T) {
	for _, tc := range []struct{ size, key int }{{0, 0}, {65, 0}, {32, 65}} {
		if _, err := PureGo.SumChecked(tc.size, make([]byte, tc.key), nil); err == nil {
			t.Errorf("size %d key %d: no error", tc.size, tc.key)
		}
	}
}

// FuzzBlake2b compares every implementation with x/crypto on random data,
// keys and digest sizes.
func FuzzBlake2b(f *testing.F) {
	f.Add(uint8(32), []byte{}, []byte{})
	f.Add(uint8(64), []byte("key"), []byte("abc"))
	f.Add(uint8(1), []byte{}, make([]byte, 129))
	f.Add(uint8(20), make([]byte, 64), make([]byte, 1000))
	f.Fuzz(func(t *testing.T, size uint8, key, data []byte) {
		sz := int(size)%64 + 1
		if len(key) > 64 {
			key = key[:64]
		}
		for _, impl := range Impls() {
			compare(t, impl, sz, key, data)
		}
	})
}

func compare(t *testing.T, impl Impl, size int, key, data []byte) {
	t.Helper()
	want, err := XCrypto.SumChecked(size, key, data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := impl.SumChecked(size, key, data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s size %d key %d bytes data %d bytes: got %x, want %x", impl.Name, size, len(key), len(data), got, want)
	}
}

func TestCalibratePicksFastestMeasured(t *testing.T) {
	buf := bytes.Repeat([]byte{0x66}, 4096)
	c, err := Calibrate(context.Background(), Impls(), buf, 3, time.Millisecond, kernelrace.WallClock())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rates) != len(Impls()) {
		t.Fatalf("rates for %d impls, want %d: %v", len(c.Rates), len(Impls()), c.Rates)
	}
	for name, r := range c.Rates {
		if r <= 0 {
			t.Errorf("%s rate %v, want > 0", name, r)
		}
		if r > c.Rates[c.Best.Name] {
			t.Errorf("best is %s (%v B/s) but %s measured %v B/s", c.Best.Name, c.Rates[c.Best.Name], name, r)
		}
	}
}

func TestCalibrateHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Calibrate(ctx, Impls(), make([]byte, 256), 3, time.Millisecond, kernelrace.WallClock()); err == nil {
		t.Fatal("cancelled context: no error")
	}
}
