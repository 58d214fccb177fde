package bench

import (
	"os"
	"testing"
)

// Disk kernels for `make bench`, run in the package's temp dir (set
// TMPDIR to benchmark another filesystem).

func BenchmarkSeqWritePass(b *testing.B) {
	f, data := benchFile(b)
	b.SetBytes(diskFileSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.WriteAt(data, 0); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRndWritePass(b *testing.B) {
	f, data := benchFile(b)
	offsets := shuffledOffsets(diskFileSize, rndStride)
	b.SetBytes(diskFileSize / 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, off := range offsets {
			if _, err := f.Seek(off, 0); err != nil {
				b.Fatal(err)
			}
			if _, err := f.Write(data[off : off+rndChunk]); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchFile(b *testing.B) (*os.File, []byte) {
	data, err := randomData(diskFileSize)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.CreateTemp(b.TempDir(), ".hwqual-bench-*")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	if _, err := f.Write(data); err != nil {
		b.Fatal(err)
	}
	return f, data
}
