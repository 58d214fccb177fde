//go:build amd64 && gc && !purego

#include "textflag.h"

// The loops below follow the strategy of glibc's
// sysdeps/x86_64/multiarch/memmove-vec-unaligned-erms.S (glibc 2.36-2.41)
// for copies larger than 8 vectors with 32-byte (AVX2) vectors: which loop
// runs is decided in Go (plan.go); these functions are the loops. Written
// for hwqual from the description of that strategy; see docs/kernels.md.
// Every function needs n > 256 and non-overlapping buffers.

// func loop4xForward(dst, src unsafe.Pointer, n uintptr)
// Forward copy, 4 vectors per iteration: unaligned loads, aligned
// (temporal) stores. The first vector and the last four are loaded before
// the loop and stored after it, so the aligned loop needs no tail.
TEXT ·loop4xForward(SB), NOSPLIT, $0-24
	MOVQ    dst+0(FP), DI
	MOVQ    src+8(FP), SI
	MOVQ    n+16(FP), DX
	VMOVDQU (SI), Y0
	VMOVDQU -32(SI)(DX*1), Y5
	VMOVDQU -64(SI)(DX*1), Y6
	VMOVDQU -96(SI)(DX*1), Y7
	VMOVDQU -128(SI)(DX*1), Y8
	MOVQ    DI, CX             // start of dst
	ORQ     $31, DI
	SUBQ    CX, SI             // src - dst
	INCQ    DI                 // dst rounded up past its first vector
	ADDQ    DI, SI             // matching src
	LEAQ    -128(CX)(DX*1), DX // end of dst minus the 4-vector tail

fwd:
	VMOVDQU (SI), Y1
	VMOVDQU 32(SI), Y2
	VMOVDQU 64(SI), Y3
	VMOVDQU 96(SI), Y4
	ADDQ    $128, SI
	VMOVDQA Y1, (DI)
	VMOVDQA Y2, 32(DI)
	VMOVDQA Y3, 64(DI)
	VMOVDQA Y4, 96(DI)
	ADDQ    $128, DI
	CMPQ    DX, DI
	JHI     fwd
	VMOVDQU Y5, 96(DX)
	VMOVDQU Y6, 64(DX)
	VMOVDQU Y7, 32(DX)
	VMOVDQU Y8, (DX)
	VMOVDQU Y0, (CX)
	VZEROUPPER
	RET

// func loop4xBackward(dst, src unsafe.Pointer, n uintptr)
// The same loop from the end down, which glibc picks when dst - src is a
// multiple of 4 KiB within 256 bytes (4 KiB false aliasing between loads
// and stores).
TEXT ·loop4xBackward(SB), NOSPLIT, $0-24
	MOVQ    dst+0(FP), DI
	MOVQ    src+8(FP), SI
	MOVQ    n+16(FP), DX
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y5
	VMOVDQU 64(SI), Y6
	LEAQ    -129(DI)(DX*1), CX // start of the last 4 vectors, minus one
	VMOVDQU 96(SI), Y7
	VMOVDQU -32(SI)(DX*1), Y8
	SUBQ    DI, SI             // src - dst
	ANDQ    $-32, CX           // aligned down
	ADDQ    CX, SI             // matching src

bwd:
	VMOVDQU 96(SI), Y1
	VMOVDQU 64(SI), Y2
	VMOVDQU 32(SI), Y3
	VMOVDQU (SI), Y4
	SUBQ    $128, SI
	VMOVDQA Y1, 96(CX)
	VMOVDQA Y2, 64(CX)
	VMOVDQA Y3, 32(CX)
	VMOVDQA Y4, (CX)
	SUBQ    $128, CX
	CMPQ    DI, CX
	JCS     bwd
	VMOVDQU Y0, (DI)
	VMOVDQU Y5, 32(DI)
	VMOVDQU Y6, 64(DI)
	VMOVDQU Y7, 96(DI)
	VMOVDQU Y8, -32(DX)(DI*1)
	VZEROUPPER
	RET

// func repMovsb(dst, src unsafe.Pointer, n uintptr, alignSrc bool)
// REP MOVSB with the destination aligned to 64 bytes (or the source, when
// the two 4 KiB-alias), the unaligned first 64 bytes stored separately.
TEXT ·repMovsb(SB), NOSPLIT, $0-25
	MOVQ    dst+0(FP), DI
	MOVQ    src+8(FP), SI
	MOVQ    n+16(FP), DX
	MOVBLZX alignSrc+24(FP), AX
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	MOVQ    DI, R8
	TESTQ   AX, AX
	JNE     srcalign
	SUBQ    DI, SI             // src - dst
	ADDQ    $63, DI
	LEAQ    (R8)(DX*1), CX     // end of dst
	ANDQ    $-64, DI
	ADDQ    DI, SI
	SUBQ    DI, CX
	JMP     movs

srcalign:
	MOVQ    DI, R9
	SUBQ    SI, R9             // dst - src
	LEAQ    -1(SI)(DX*1), CX
	ORQ     $63, SI
	LEAQ    1(SI)(R9*1), DI
	SUBQ    SI, CX
	INCQ    SI

movs:
	REP; MOVSB
	VMOVDQU Y0, (R8)
	VMOVDQU Y1, 32(R8)
	VZEROUPPER
	RET

// func largeNT(dst, src unsafe.Pointer, n uintptr, fourPages bool)
// glibc's large_memcpy_2x / large_memcpy_4x: the destination is aligned to
// 64 bytes, then 2 (or 4) pages are copied at once, 128 bytes from each page
// per iteration, prefetching the next 128 bytes of each source page
// (PREFETCHT0) and storing with non-temporal stores (VMOVNTDQ); SFENCE
// after the page loop, then the remaining < 2 (4) pages with aligned stores
// and the last 128 bytes unaligned.
TEXT ·largeNT(SB), NOSPLIT, $0-25
	MOVQ    dst+0(FP), DI
	MOVQ    src+8(FP), SI
	MOVQ    n+16(FP), DX
	MOVBLZX fourPages+24(FP), AX
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VMOVDQU Y0, (DI)
	VMOVDQU Y1, 32(DI)
	MOVQ    DI, R8
	ANDQ    $63, R8
	SUBQ    $64, R8            // -(bytes to the next 64-byte boundary)
	SUBQ    R8, SI
	SUBQ    R8, DI
	ADDQ    R8, DX
	MOVQ    DX, R10
	TESTQ   AX, AX
	JNE     four

	ANDQ    $8191, DX          // tail below 2 pages
	SHRQ    $13, R10           // 2-page blocks

outer2:
	MOVL    $32, CX            // 4096 / 128 iterations per page

inner2:
	PREFETCHT0 128(SI)
	PREFETCHT0 192(SI)
	PREFETCHT0 256(SI)
	PREFETCHT0 320(SI)
	PREFETCHT0 4224(SI)
	PREFETCHT0 4288(SI)
	PREFETCHT0 4352(SI)
	PREFETCHT0 4416(SI)
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VMOVDQU 64(SI), Y2
	VMOVDQU 96(SI), Y3
	VMOVDQU 4096(SI), Y4
	VMOVDQU 4128(SI), Y5
	VMOVDQU 4160(SI), Y6
	VMOVDQU 4192(SI), Y7
	ADDQ    $128, SI
	VMOVNTDQ Y0, (DI)
	VMOVNTDQ Y1, 32(DI)
	VMOVNTDQ Y2, 64(DI)
	VMOVNTDQ Y3, 96(DI)
	VMOVNTDQ Y4, 4096(DI)
	VMOVNTDQ Y5, 4128(DI)
	VMOVNTDQ Y6, 4160(DI)
	VMOVNTDQ Y7, 4192(DI)
	ADDQ    $128, DI
	DECL    CX
	JNE     inner2
	ADDQ    $4096, DI
	ADDQ    $4096, SI
	DECQ    R10
	JNE     outer2
	SFENCE
	JMP     tail

four:
	ANDQ    $16383, DX         // tail below 4 pages
	SHRQ    $14, R10           // 4-page blocks

outer4:
	MOVL    $32, CX

inner4:
	PREFETCHT0 128(SI)
	PREFETCHT0 192(SI)
	PREFETCHT0 4224(SI)
	PREFETCHT0 4288(SI)
	PREFETCHT0 8320(SI)
	PREFETCHT0 8384(SI)
	PREFETCHT0 12416(SI)
	PREFETCHT0 12480(SI)
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VMOVDQU 64(SI), Y2
	VMOVDQU 96(SI), Y3
	VMOVDQU 4096(SI), Y4
	VMOVDQU 4128(SI), Y5
	VMOVDQU 4160(SI), Y6
	VMOVDQU 4192(SI), Y7
	VMOVDQU 8192(SI), Y8
	VMOVDQU 8224(SI), Y9
	VMOVDQU 8256(SI), Y10
	VMOVDQU 8288(SI), Y11
	VMOVDQU 12288(SI), Y12
	VMOVDQU 12320(SI), Y13
	VMOVDQU 12352(SI), Y14
	VMOVDQU 12384(SI), Y15
	ADDQ    $128, SI
	VMOVNTDQ Y0, (DI)
	VMOVNTDQ Y1, 32(DI)
	VMOVNTDQ Y2, 64(DI)
	VMOVNTDQ Y3, 96(DI)
	VMOVNTDQ Y4, 4096(DI)
	VMOVNTDQ Y5, 4128(DI)
	VMOVNTDQ Y6, 4160(DI)
	VMOVNTDQ Y7, 4192(DI)
	VMOVNTDQ Y8, 8192(DI)
	VMOVNTDQ Y9, 8224(DI)
	VMOVNTDQ Y10, 8256(DI)
	VMOVNTDQ Y11, 8288(DI)
	VMOVNTDQ Y12, 12288(DI)
	VMOVNTDQ Y13, 12320(DI)
	VMOVNTDQ Y14, 12352(DI)
	VMOVNTDQ Y15, 12384(DI)
	ADDQ    $128, DI
	DECL    CX
	JNE     inner4
	ADDQ    $12288, DI
	ADDQ    $12288, SI
	DECQ    R10
	JNE     outer4
	SFENCE

tail:
	CMPQ    DX, $128
	JLS     last

tailloop:
	PREFETCHT0 128(SI)
	PREFETCHT0 192(SI)
	PREFETCHT0 128(DI)
	PREFETCHT0 192(DI)
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VMOVDQU 64(SI), Y2
	VMOVDQU 96(SI), Y3
	ADDQ    $128, SI
	SUBQ    $128, DX
	VMOVDQA Y0, (DI)
	VMOVDQA Y1, 32(DI)
	VMOVDQA Y2, 64(DI)
	VMOVDQA Y3, 96(DI)
	ADDQ    $128, DI
	CMPQ    DX, $128
	JHI     tailloop

last:
	VMOVDQU -128(SI)(DX*1), Y0
	VMOVDQU -96(SI)(DX*1), Y1
	VMOVDQU -64(SI)(DX*1), Y2
	VMOVDQU -32(SI)(DX*1), Y3
	VMOVDQU Y0, -128(DI)(DX*1)
	VMOVDQU Y1, -96(DI)(DX*1)
	VMOVDQU Y2, -64(DI)(DX*1)
	VMOVDQU Y3, -32(DI)(DX*1)
	VZEROUPPER
	RET

// The same loops with 64-byte (AVX-512) vectors: glibc's
// __memmove_avx512_unaligned_erms, which its ifunc picks where AVX512F and
// AVX512VL are usable and Prefer_No_AVX512 is not set (AMD Zen 4 and 5,
// Intel parts with AVX-VNNI). Like glibc's, they use Z16-Z31, whose upper
// halves need no VZEROUPPER. Every function needs n > 512.

// func loop4xForward64(dst, src unsafe.Pointer, n uintptr)
TEXT ·loop4xForward64(SB), NOSPLIT, $0-24
	MOVQ      dst+0(FP), DI
	MOVQ      src+8(FP), SI
	MOVQ      n+16(FP), DX
	VMOVDQU64 (SI), Z16
	VMOVDQU64 -64(SI)(DX*1), Z21
	VMOVDQU64 -128(SI)(DX*1), Z22
	VMOVDQU64 -192(SI)(DX*1), Z23
	VMOVDQU64 -256(SI)(DX*1), Z24
	MOVQ      DI, CX             // start of dst
	ORQ       $63, DI
	SUBQ      CX, SI             // src - dst
	INCQ      DI                 // dst rounded up past its first vector
	ADDQ      DI, SI             // matching src
	LEAQ      -256(CX)(DX*1), DX // end of dst minus the 4-vector tail

fwd64:
	VMOVDQU64 (SI), Z17
	VMOVDQU64 64(SI), Z18
	VMOVDQU64 128(SI), Z19
	VMOVDQU64 192(SI), Z20
	ADDQ      $256, SI
	VMOVDQA64 Z17, (DI)
	VMOVDQA64 Z18, 64(DI)
	VMOVDQA64 Z19, 128(DI)
	VMOVDQA64 Z20, 192(DI)
	ADDQ      $256, DI
	CMPQ      DX, DI
	JHI       fwd64
	VMOVDQU64 Z21, 192(DX)
	VMOVDQU64 Z22, 128(DX)
	VMOVDQU64 Z23, 64(DX)
	VMOVDQU64 Z24, (DX)
	VMOVDQU64 Z16, (CX)
	RET

// func loop4xBackward64(dst, src unsafe.Pointer, n uintptr)
TEXT ·loop4xBackward64(SB), NOSPLIT, $0-24
	MOVQ      dst+0(FP), DI
	MOVQ      src+8(FP), SI
	MOVQ      n+16(FP), DX
	VMOVDQU64 (SI), Z16
	VMOVDQU64 64(SI), Z21
	VMOVDQU64 128(SI), Z22
	LEAQ      -257(DI)(DX*1), CX // start of the last 4 vectors, minus one
	VMOVDQU64 192(SI), Z23
	VMOVDQU64 -64(SI)(DX*1), Z24
	SUBQ      DI, SI             // src - dst
	ANDQ      $-64, CX           // aligned down
	ADDQ      CX, SI             // matching src

bwd64:
	VMOVDQU64 192(SI), Z17
	VMOVDQU64 128(SI), Z18
	VMOVDQU64 64(SI), Z19
	VMOVDQU64 (SI), Z20
	SUBQ      $256, SI
	VMOVDQA64 Z17, 192(CX)
	VMOVDQA64 Z18, 128(CX)
	VMOVDQA64 Z19, 64(CX)
	VMOVDQA64 Z20, (CX)
	SUBQ      $256, CX
	CMPQ      DI, CX
	JCS       bwd64
	VMOVDQU64 Z16, (DI)
	VMOVDQU64 Z21, 64(DI)
	VMOVDQU64 Z22, 128(DI)
	VMOVDQU64 Z23, 192(DI)
	VMOVDQU64 Z24, -64(DX)(DI*1)
	RET

// func largeNT64(dst, src unsafe.Pointer, n uintptr, fourPages bool)
// largeNT with 64-byte vectors: still 128 bytes from each page per
// iteration (two vectors), prefetching 256-704 bytes ahead in each of the
// 2 pages (256-448 in each of 4); the tail below 2 (4) pages goes 256
// bytes at a time with aligned stores, the last 256 bytes unaligned.
TEXT ·largeNT64(SB), NOSPLIT, $0-25
	MOVQ      dst+0(FP), DI
	MOVQ      src+8(FP), SI
	MOVQ      n+16(FP), DX
	MOVBLZX   fourPages+24(FP), AX
	VMOVDQU64 (SI), Z16
	VMOVDQU64 Z16, (DI)
	MOVQ      DI, R8
	ANDQ      $63, R8
	SUBQ      $64, R8            // -(bytes to the next 64-byte boundary)
	SUBQ      R8, SI
	SUBQ      R8, DI
	ADDQ      R8, DX
	MOVQ      DX, R10
	TESTQ     AX, AX
	JNE       four64

	ANDQ      $8191, DX          // tail below 2 pages
	SHRQ      $13, R10           // 2-page blocks

outer2x64:
	MOVL      $32, CX            // 4096 / 128 iterations per page

inner2x64:
	PREFETCHT0 256(SI)
	PREFETCHT0 320(SI)
	PREFETCHT0 384(SI)
	PREFETCHT0 448(SI)
	PREFETCHT0 512(SI)
	PREFETCHT0 576(SI)
	PREFETCHT0 640(SI)
	PREFETCHT0 704(SI)
	PREFETCHT0 4352(SI)
	PREFETCHT0 4416(SI)
	PREFETCHT0 4480(SI)
	PREFETCHT0 4544(SI)
	PREFETCHT0 4608(SI)
	PREFETCHT0 4672(SI)
	PREFETCHT0 4736(SI)
	PREFETCHT0 4800(SI)
	VMOVDQU64 (SI), Z16
	VMOVDQU64 64(SI), Z17
	VMOVDQU64 4096(SI), Z20
	VMOVDQU64 4160(SI), Z21
	ADDQ      $128, SI
	VMOVNTDQ  Z16, (DI)
	VMOVNTDQ  Z17, 64(DI)
	VMOVNTDQ  Z20, 4096(DI)
	VMOVNTDQ  Z21, 4160(DI)
	ADDQ      $128, DI
	DECL      CX
	JNE       inner2x64
	ADDQ      $4096, DI
	ADDQ      $4096, SI
	DECQ      R10
	JNE       outer2x64
	SFENCE
	JMP       tail64

four64:
	ANDQ      $16383, DX         // tail below 4 pages
	SHRQ      $14, R10           // 4-page blocks

outer4x64:
	MOVL      $32, CX

inner4x64:
	PREFETCHT0 256(SI)
	PREFETCHT0 320(SI)
	PREFETCHT0 384(SI)
	PREFETCHT0 448(SI)
	PREFETCHT0 4352(SI)
	PREFETCHT0 4416(SI)
	PREFETCHT0 4480(SI)
	PREFETCHT0 4544(SI)
	PREFETCHT0 8448(SI)
	PREFETCHT0 8512(SI)
	PREFETCHT0 8576(SI)
	PREFETCHT0 8640(SI)
	PREFETCHT0 12544(SI)
	PREFETCHT0 12608(SI)
	PREFETCHT0 12672(SI)
	PREFETCHT0 12736(SI)
	VMOVDQU64 (SI), Z16
	VMOVDQU64 64(SI), Z17
	VMOVDQU64 4096(SI), Z20
	VMOVDQU64 4160(SI), Z21
	VMOVDQU64 8192(SI), Z24
	VMOVDQU64 8256(SI), Z25
	VMOVDQU64 12288(SI), Z28
	VMOVDQU64 12352(SI), Z29
	ADDQ      $128, SI
	VMOVNTDQ  Z16, (DI)
	VMOVNTDQ  Z17, 64(DI)
	VMOVNTDQ  Z20, 4096(DI)
	VMOVNTDQ  Z21, 4160(DI)
	VMOVNTDQ  Z24, 8192(DI)
	VMOVNTDQ  Z25, 8256(DI)
	VMOVNTDQ  Z28, 12288(DI)
	VMOVNTDQ  Z29, 12352(DI)
	ADDQ      $128, DI
	DECL      CX
	JNE       inner4x64
	ADDQ      $12288, DI
	ADDQ      $12288, SI
	DECQ      R10
	JNE       outer4x64
	SFENCE

tail64:
	CMPQ      DX, $256
	JLS       last64

tailloop64:
	PREFETCHT0 256(SI)
	PREFETCHT0 320(SI)
	PREFETCHT0 384(SI)
	PREFETCHT0 448(SI)
	PREFETCHT0 256(DI)
	PREFETCHT0 320(DI)
	PREFETCHT0 384(DI)
	PREFETCHT0 448(DI)
	VMOVDQU64 (SI), Z16
	VMOVDQU64 64(SI), Z17
	VMOVDQU64 128(SI), Z18
	VMOVDQU64 192(SI), Z19
	ADDQ      $256, SI
	SUBQ      $256, DX
	VMOVDQA64 Z16, (DI)
	VMOVDQA64 Z17, 64(DI)
	VMOVDQA64 Z18, 128(DI)
	VMOVDQA64 Z19, 192(DI)
	ADDQ      $256, DI
	CMPQ      DX, $256
	JHI       tailloop64

last64:
	VMOVDQU64 -256(SI)(DX*1), Z16
	VMOVDQU64 -192(SI)(DX*1), Z17
	VMOVDQU64 -128(SI)(DX*1), Z18
	VMOVDQU64 -64(SI)(DX*1), Z19
	VMOVDQU64 Z16, -256(DI)(DX*1)
	VMOVDQU64 Z17, -192(DI)(DX*1)
	VMOVDQU64 Z18, -128(DI)(DX*1)
	VMOVDQU64 Z19, -64(DI)(DX*1)
	RET

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET
