package stats

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
	"runtime"
	"sync"
)

// pcg is math/rand/v2's PCG generator (128-bit LCG state, DXSM output;
// O'Neill 2014, PCG: A Family of Simple Fast Space-Efficient Statistically
// Good Algorithms for Random Number Generation, HMC-CS-2014-0905),
// reimplemented so that it can jump ahead: a resample's draws then start
// where they would in one sequential stream, and resamples can be drawn
// side by side (to hide the latency of each one's sum) or on several
// cores, giving bit for bit the values of the sequential loop.
// TestPCGMatchesMathRand checks it against rand.PCG.
type pcg struct{ hi, lo uint64 }

// The LCG's multiplier and increment (math/rand/v2).
const (
	pcgMulHi = 2549297995355413924
	pcgMulLo = 4865540595714422341
	pcgIncHi = 6364136223846793005
	pcgIncLo = 1442695040888963407
)

func (p *pcg) uint64() uint64 {
	// state = state * mul + inc
	hi, lo := bits.Mul64(p.lo, pcgMulLo)
	hi += p.hi*pcgMulLo + p.lo*pcgMulHi
	lo, c := bits.Add64(lo, pcgIncLo, 0)
	hi, _ = bits.Add64(hi, pcgIncHi, c)
	p.lo, p.hi = lo, hi
	// DXSM output.
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// draw returns a number in [0, n) from the high half of x·n (Lemire 2019,
// doi:10.1145/3230636, without the rejection step: the bias is below
// n/2⁶⁴, far under bootstrap noise). Using the raw PCG output keeps the
// sequence independent of math/rand/v2's IntN implementation.
func (p *pcg) draw(n int) int {
	hi, _ := bits.Mul64(p.uint64(), uint64(n))
	return int(hi)
}

// u128 is a number modulo 2^128.
type u128 struct{ hi, lo uint64 }

func mul128(a, b u128) u128 {
	hi, lo := bits.Mul64(a.lo, b.lo)
	hi += a.hi*b.lo + a.lo*b.hi
	return u128{hi, lo}
}

func add128(a, b u128) u128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}
}

// jump is the affine map x ↦ mul·x + plus that advances an LCG state by
// some number of steps.
type jump struct{ mul, plus u128 }

// jumpOf returns the map that advances the state by k steps, by squaring
// (Brown 1994, Random Number Generation with Arbitrary Strides, Trans. Am.
// Nucl. Soc. 71): O(log k) 128-bit products.
func jumpOf(k uint64) jump {
	acc := jump{mul: u128{0, 1}}
	cur := jump{mul: u128{pcgMulHi, pcgMulLo}, plus: u128{pcgIncHi, pcgIncLo}}
	for k > 0 {
		if k&1 != 0 {
			acc = jump{mul: mul128(acc.mul, cur.mul), plus: add128(mul128(acc.plus, cur.mul), cur.plus)}
		}
		cur = jump{mul: mul128(cur.mul, cur.mul), plus: mul128(add128(cur.mul, u128{0, 1}), cur.plus)}
		k >>= 1
	}
	return acc
}

// advance applies j to p's state.
func (p *pcg) advance(j jump) {
	s := add128(mul128(j.mul, u128{p.hi, p.lo}), j.plus)
	p.hi, p.lo = s.hi, s.lo
}

// newPCG returns the generator of the stream named name: seeded from the
// SHA-256 of name, as rand.NewPCG(first 8 bytes, next 8 bytes) little-endian
// (the seeding of earlier versions, so that results do not change).
func newPCG(name string) pcg {
	h := sha256.Sum256([]byte(name))
	return pcg{hi: binary.LittleEndian.Uint64(h[0:8]), lo: binary.LittleEndian.Uint64(h[8:16])}
}

// resampleMeans sets dst[i] to the mean of the i-th resample of u: its
// len(u) draws are outputs first + i·stride, first + i·stride + 1, ... of
// the stream that starts at seed. With first = 0 and stride = len(u) that
// is what calling resampleMean len(dst) times on the stream gives; a larger
// stride leaves room for other draws between the resamples. Resamples are
// drawn two at a time, each pair's sums interleaved so that neither waits
// on the other's additions, and spread over cores when there are many;
// each sum still adds its draws in stream order, so the means are those of
// the sequential loop, bit for bit.
func resampleMeans(dst []float64, seed pcg, u []Unit, first, stride uint64) {
	const minPerCore = 1 << 18 // draws; below that a goroutine costs more than it saves
	workers := min(runtime.GOMAXPROCS(0), len(dst)*len(u)/minPerCore, len(dst))
	if workers <= 1 {
		resampleRange(dst, seed, u, first, stride)
		return
	}
	var wg sync.WaitGroup
	per := (len(dst) + workers - 1) / workers
	for lo := 0; lo < len(dst); lo += per {
		hi := min(lo+per, len(dst))
		wg.Add(1)
		go func() {
			defer wg.Done()
			resampleRange(dst[lo:hi], seed, u, first+uint64(lo)*stride, stride)
		}()
	}
	wg.Wait()
}

func resampleRange(dst []float64, seed pcg, u []Unit, first, stride uint64) {
	if len(dst) == 0 {
		return
	}
	p := seed
	p.advance(jumpOf(first))
	step := jumpOf(stride)
	n := len(u)
	i := 0
	for ; i+2 <= len(dst); i += 2 {
		a, b := p, p
		b.advance(step)
		var sa, sb float64
		var ca, cb int
		for range n {
			x := &u[a.draw(n)]
			y := &u[b.draw(n)]
			sa += x.Sum
			ca += x.Count
			sb += y.Sum
			cb += y.Count
		}
		dst[i] = sa / float64(ca)
		dst[i+1] = sb / float64(cb)
		p.advance(step)
		p.advance(step)
	}
	if i < len(dst) {
		var s float64
		var c int
		for range n {
			x := &u[p.draw(n)]
			s += x.Sum
			c += x.Count
		}
		dst[i] = s / float64(c)
	}
}
