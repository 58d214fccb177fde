package sr25519

import "encoding/binary"

// STROBE-128 as merlin uses it (merlin's strobe.rs): only the operations a
// transcript needs (meta-AD, AD, PRF), on a Keccak-f[1600] duplex with a
// 166-byte rate. It keeps no heap state, so a verification allocates nothing.
const (
	strobeRate = 166
	flagI      = 1
	flagA      = 1 << 1
	flagC      = 1 << 2
	flagM      = 1 << 4
)

type strobe struct {
	st       [25]uint64
	pos      int
	posBegin byte
	curFlags byte
}

// strobeInit is the duplex after STROBE's fixed initialisation with
// "STROBEv1.0.2", which is the same for every transcript.
var strobeInit = func() strobe {
	var s strobe
	init := append([]byte{1, strobeRate + 2, 1, 0, 1, 96}, "STROBEv1.0.2"...)
	for i, b := range init {
		s.st[i/8] ^= uint64(b) << (8 * (i % 8))
	}
	keccakF1600(&s.st)
	return s
}()

func (s *strobe) runF() {
	s.xorByte(s.pos, s.posBegin)
	s.xorByte(s.pos+1, 0x04)
	s.xorByte(strobeRate+1, 0x80)
	keccakF1600(&s.st)
	s.pos, s.posBegin = 0, 0
}

func (s *strobe) xorByte(i int, b byte) { s.st[i/8] ^= uint64(b) << (8 * (i % 8)) }

func (s *strobe) absorb(data []byte) {
	for _, b := range data {
		s.xorByte(s.pos, b)
		s.pos++
		if s.pos == strobeRate {
			s.runF()
		}
	}
}

func (s *strobe) squeeze(out []byte) {
	for i := range out {
		shift := 8 * (s.pos % 8)
		out[i] = byte(s.st[s.pos/8] >> shift)
		s.st[s.pos/8] &^= 0xff << shift
		s.pos++
		if s.pos == strobeRate {
			s.runF()
		}
	}
}

// beginOp starts a new operation; more continues the current one.
func (s *strobe) beginOp(flags byte, more bool) {
	if more {
		return
	}
	old := s.posBegin
	s.posBegin = byte(s.pos + 1)
	s.curFlags = flags
	s.absorb([]byte{old, flags})
	if flags&flagC != 0 && s.pos != 0 {
		s.runF()
	}
}

func (s *strobe) metaAD(data []byte, more bool) { s.beginOp(flagM|flagA, more); s.absorb(data) }
func (s *strobe) ad(data []byte, more bool)     { s.beginOp(flagA, more); s.absorb(data) }
func (s *strobe) prf(out []byte)                { s.beginOp(flagI|flagA|flagC, false); s.squeeze(out) }

// transcript is a merlin v1.0 transcript.
type transcript struct{ s strobe }

func newTranscript(label string) transcript {
	t := transcript{s: strobeInit}
	t.s.metaAD([]byte("Merlin v1.0"), false)
	t.appendMessage("dom-sep", []byte(label))
	return t
}

func (t *transcript) appendMessage(label string, msg []byte) {
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(msg)))
	t.s.metaAD([]byte(label), false)
	t.s.metaAD(n[:], true)
	t.s.ad(msg, false)
}

func (t *transcript) challengeBytes(label string, out []byte) {
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(out)))
	t.s.metaAD([]byte(label), false)
	t.s.metaAD(n[:], true)
	t.s.prf(out)
}
