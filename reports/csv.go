package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// table is the data of one chart in tidy form: a header row and one
// observation per row. It is written as CSV beside the chart.
type table struct {
	Header []string
	Rows   [][]string
}

func (t *table) add(fields ...string) {
	t.Rows = append(t.Rows, fields)
}

// writeCSV writes t as RFC 4180 CSV (fields holding a comma, quote or
// line break are quoted, quotes doubled) in UTF-8 without a byte order
// mark, with "\n" line ends. pandas.read_csv and R's read.csv read it as
// is.
func writeCSV(w io.Writer, t *table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvFloat formats a number with full precision and no exponent or
// thousands separator; NaN and infinities are written as an empty field,
// which pandas and R read as missing.
func csvFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func csvInt(v int) string { return strconv.Itoa(v) }

func csvBool(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// intervalHeader is the column block written for an Interval.
func intervalHeader(prefix string) []string {
	return []string{prefix + "mean", prefix + "lo", prefix + "hi", prefix + "n", prefix + "obs", prefix + "sparse"}
}

func intervalFields(v Interval) []string {
	return []string{csvFloat(v.Mean), csvFloat(v.Lo), csvFloat(v.Hi), csvInt(v.N), csvInt(v.Obs), csvBool(v.Sparse)}
}
