package reports

import "testing"

// BenchmarkWrite renders a 1,000-article report (1,000 article pages,
// about 330 story pages, 10 outlets) into memory.
func BenchmarkWrite(b *testing.B) {
	m := synthetic(1000, 10, false)
	b.ReportAllocs()
	for b.Loop() {
		files := memFiles{}
		if err := Write(files.create, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/article")
}

// BenchmarkSpringLayout lays out the largest term network the index draws
// by default: 200 edges (Limits.NetworkEdges) among 200 nodes.
func BenchmarkSpringLayout(b *testing.B) {
	const n = 200
	springs := make([]spring, 0, 200)
	for i := 0; len(springs) < 200; i++ {
		springs = append(springs, spring{A: i % n, B: (i*7 + 3) % n, Weight: 0.2 + float64(i%5)/10})
	}
	for b.Loop() {
		springLayout(n, springs)
	}
}
