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
