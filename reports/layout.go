package reports

import "math"

// spring is an edge of a graph to lay out: nodes A and B pulled together
// with the given weight (> 0; the network uses NPMI).
type spring struct {
	A, B   int
	Weight float64
}

// layoutIterations is the number of steps of [springLayout]: enough for
// a few hundred nodes to settle (the temperature falls to 0 linearly).
const layoutIterations = 300

// attraction scales the edge force of [springLayout].
const attraction = 0.4

// springLayout places n nodes in the plane with the force-directed method
// of Fruchterman and Reingold (1991, "Graph drawing by force-directed
// placement", doi:10.1002/spe.4380211102), in a unit area with the ideal
// distance k = √(1/n):
//
//	repulsion between every pair   f_r(d) = k² / d
//	attraction along an edge        f_a(d) = a · w · d² / k,  a = 0.4
//	pull toward the centre          f_g(p) = 2 k · |p|
//
// Two changes to the paper: the pull toward the centre keeps unconnected
// parts of the graph near the rest instead of drifting to the edges, and
// the attraction is weakened (a = 0.4, the paper has 1) so that a dense
// cluster of terms, where every pair is linked, spreads enough for its
// labels to be read. Each
// step moves a node by at most the temperature, which falls linearly from
// 0.1 to 0.
//
// The layout is deterministic: node i starts on a golden-angle spiral at
// radius ∝ √i, so the first nodes (the most frequent terms) start in the
// middle, and every sum runs in index order. The cost is O(n²) per step;
// the report draws a few hundred nodes at most.
//
// The result is the positions in the order of the nodes, their mean at
// the origin, scaled so that the largest |x| or |y| is 0.5. It is nil for
// n = 0.
func springLayout(n int, springs []spring) [][2]float64 {
	if n == 0 {
		return nil
	}
	pos := make([][2]float64, n)
	golden := math.Pi * (3 - math.Sqrt(5))
	for i := range pos {
		r := 0.5 * math.Sqrt((float64(i)+0.5)/float64(n))
		a := float64(i) * golden
		pos[i] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
	}
	if n == 1 {
		pos[0] = [2]float64{0, 0}
		return pos
	}
	k := math.Sqrt(1 / float64(n))
	disp := make([][2]float64, n)
	const t0 = 0.1
	for it := 0; it < layoutIterations; it++ {
		for i := range disp {
			// Pull toward the centre.
			disp[i] = [2]float64{-2 * k * pos[i][0], -2 * k * pos[i][1]}
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]
				// f_r(d) / d = k² / d², no square root needed.
				f := k * k / math.Max(dx*dx+dy*dy, 1e-12)
				disp[i][0] += dx * f
				disp[i][1] += dy * f
				disp[j][0] -= dx * f
				disp[j][1] -= dy * f
			}
		}
		for _, s := range springs {
			if s.A == s.B || s.A < 0 || s.B < 0 || s.A >= n || s.B >= n {
				continue
			}
			dx, dy := pos[s.A][0]-pos[s.B][0], pos[s.A][1]-pos[s.B][1]
			d := math.Hypot(dx, dy)
			f := attraction * s.Weight * d / k // f_a(d) / d
			disp[s.A][0] -= dx * f
			disp[s.A][1] -= dy * f
			disp[s.B][0] += dx * f
			disp[s.B][1] += dy * f
		}
		t := t0 * (1 - float64(it)/layoutIterations)
		for i := range pos {
			d := math.Hypot(disp[i][0], disp[i][1])
			if d == 0 {
				continue
			}
			step := math.Min(d, t) / d
			pos[i][0] += disp[i][0] * step
			pos[i][1] += disp[i][1] * step
		}
	}
	// Centre on the origin and scale the largest coordinate to 0.5.
	var cx, cy float64
	for _, p := range pos {
		cx += p[0]
		cy += p[1]
	}
	cx /= float64(n)
	cy /= float64(n)
	extent := 0.0
	for i := range pos {
		pos[i][0] -= cx
		pos[i][1] -= cy
		extent = math.Max(extent, math.Max(math.Abs(pos[i][0]), math.Abs(pos[i][1])))
	}
	if extent > 0 {
		for i := range pos {
			pos[i][0] *= 0.5 / extent
			pos[i][1] *= 0.5 / extent
		}
	}
	return pos
}
