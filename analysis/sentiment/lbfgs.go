package sentiment

import (
	"errors"
	"fmt"
	"math"
)

// lbfgsMemory is the number of correction pairs L-BFGS keeps.
const lbfgsMemory = 20

// minimizeLBFGS minimises a smooth convex function f from x0 by limited-
// memory BFGS: the two-loop recursion for the search direction (Nocedal
// & Wright, Numerical Optimization, 2nd ed., ISBN 978-0-387-30303-1,
// Algorithm 7.4, with the initial scaling γ = sᵀy/yᵀy of eq. 7.20) and a
// backtracking line search on the Armijo condition (their Algorithm 3.1,
// c = 1e-4, halving). f(x, grad) returns the value at x and, when grad is
// not nil, writes the gradient into it. It stops when the largest
// gradient entry is below tol, or when a step no longer lowers f, and
// fails after maxIter iterations. Every operation runs in a fixed order,
// so the result is the same bits on every run.
//
// (gonum/optimize has L-BFGS too, but it imports golang.org/x/tools
// through stat/distmv, which would move other modules' versions.)
func minimizeLBFGS(f func(x, grad []float64) float64, x0 []float64, tol float64, maxIter int) ([]float64, error) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	fx := f(x, g)
	if math.IsNaN(fx) || math.IsInf(fx, 0) {
		return nil, errors.New("l-bfgs: objective not finite at the start")
	}
	s := make([][]float64, 0, lbfgsMemory)
	y := make([][]float64, 0, lbfgsMemory)
	rho := make([]float64, 0, lbfgsMemory)
	alpha := make([]float64, lbfgsMemory)
	d := make([]float64, n)
	xn := make([]float64, n)
	gn := make([]float64, n)
	for iter := 0; ; iter++ {
		if maxAbs(g) < tol {
			return x, nil
		}
		if iter == maxIter {
			return nil, fmt.Errorf("l-bfgs: no convergence after %d iterations (gradient %g)", iter, maxAbs(g))
		}
		// Two-loop recursion: d = −H·g.
		copy(d, g)
		for k := len(s) - 1; k >= 0; k-- {
			alpha[k] = rho[k] * dot(s[k], d)
			axpy(d, -alpha[k], y[k])
		}
		gamma := 1.0
		if k := len(s) - 1; k >= 0 {
			gamma = dot(s[k], y[k]) / dot(y[k], y[k])
		} else if ng := math.Sqrt(dot(g, g)); ng > 0 {
			gamma = 1 / ng
		}
		for i := range d {
			d[i] *= gamma
		}
		for k := range s {
			b := rho[k] * dot(y[k], d)
			axpy(d, alpha[k]-b, s[k])
		}
		for i := range d {
			d[i] = -d[i]
		}
		slope := dot(g, d)
		if slope >= 0 { // not a descent direction: restart from the gradient
			s, y, rho = s[:0], y[:0], rho[:0]
			for i := range d {
				d[i] = -g[i]
			}
			slope = dot(g, d)
		}
		step, fn := 1.0, 0.0
		for {
			for i := range x {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn, gn)
			if fn <= fx+1e-4*step*slope {
				break
			}
			if step /= 2; step < 1e-20 {
				return x, nil // no further decrease at machine precision
			}
		}
		// Keep the correction pair, the oldest out when full.
		var sk, yk []float64
		if len(s) == lbfgsMemory {
			sk, yk = s[0], y[0]
			copy(s, s[1:])
			copy(y, y[1:])
			copy(rho, rho[1:])
			s, y, rho = s[:lbfgsMemory-1], y[:lbfgsMemory-1], rho[:lbfgsMemory-1]
		} else {
			sk, yk = make([]float64, n), make([]float64, n)
		}
		for i := range x {
			sk[i] = xn[i] - x[i]
			yk[i] = gn[i] - g[i]
		}
		if sy := dot(sk, yk); sy > 1e-12*math.Sqrt(dot(yk, yk)*dot(sk, sk)) {
			s, y, rho = append(s, sk), append(y, yk), append(rho, 1/sy)
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
	}
}

func dot(a, b []float64) float64 {
	t := 0.0
	for i := range a {
		t += a[i] * b[i]
	}
	return t
}

// axpy sets y += a·x.
func axpy(y []float64, a float64, x []float64) {
	for i := range y {
		y[i] += a * x[i]
	}
}
