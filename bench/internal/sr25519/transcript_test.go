package sr25519

import (
	"bytes"
	"testing"

	"github.com/gtank/merlin"
)

// TestTranscriptMatchesMerlin compares challenge bytes with gtank/merlin,
// which go-schnorrkel uses, across messages longer than the STROBE rate.
func TestTranscriptMatchesMerlin(t *testing.T) {
	for _, n := range []int{0, 1, 32, 165, 166, 167, 400} {
		msg := bytes.Repeat([]byte{0xab}, n)
		ref := merlin.NewTranscript("test protocol")
		ref.AppendMessage([]byte("some label"), msg)
		ref.AppendMessage([]byte(""), []byte("x"))
		want := ref.ExtractBytes([]byte("challenge"), 64)

		tr := newTranscript("test protocol")
		tr.appendMessage("some label", msg)
		tr.appendMessage("", []byte("x"))
		got := make([]byte, 64)
		tr.challengeBytes("challenge", got)
		if !bytes.Equal(got, want) {
			t.Errorf("message of %d bytes: got %x, want %x", n, got, want)
		}
	}
}
