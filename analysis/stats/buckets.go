package stats

import (
	"fmt"
	"time"
)

// Granularity is the width of a time bucket.
type Granularity uint8

const (
	// Day buckets are calendar days in UTC, keyed "2026-11-30".
	Day Granularity = iota
	// Week buckets are ISO 8601 weeks (Monday to Sunday, UTC), keyed
	// "2026-W48"; the year is the ISO week-numbering year, so 2027-01-01
	// falls in "2026-W53".
	Week
	// Month buckets are calendar months in UTC, keyed "2026-11".
	Month
)

// MaxBuckets is the number of buckets a time chart should not exceed;
// [ChooseGranularity] picks the finest granularity that stays within it.
const MaxBuckets = 60

func (g Granularity) String() string {
	switch g {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	}
	return fmt.Sprintf("Granularity(%d)", uint8(g))
}

// ChooseGranularity returns the finest of day, week and month whose
// buckets from first to last (both included, UTC) number at most
// [MaxBuckets]: up to 60 days of data are shown by day, up to about 14
// months by week, anything longer by month. Order of first and last does
// not matter; zero times (unknown dates) must be filtered out first.
func ChooseGranularity(first, last time.Time) Granularity {
	if last.Before(first) {
		first, last = last, first
	}
	for _, g := range []Granularity{Day, Week} {
		if g.count(first, last) <= MaxBuckets {
			return g
		}
	}
	return Month
}

// Key returns the key of the bucket holding t (in UTC): "2026-11-30",
// "2026-W48" or "2026-11". Keys of one granularity sort in time order as
// strings. The zero time (unknown date) has the key "".
func (g Granularity) Key(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	switch g {
	case Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return t.Format("2006-01")
	default:
		return t.Format(time.DateOnly)
	}
}

// Start returns the first instant (UTC midnight) of the bucket holding t.
func (g Granularity) Start(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch g {
	case Week:
		// Monday is day 1 of an ISO week; Go's Sunday is 0.
		back := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -back)
	case Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return day
	}
}

// next returns the start of the bucket after the one starting at start.
func (g Granularity) next(start time.Time) time.Time {
	switch g {
	case Week:
		return start.AddDate(0, 0, 7)
	case Month:
		return start.AddDate(0, 1, 0)
	default:
		return start.AddDate(0, 0, 1)
	}
}

// Keys returns the keys of every bucket from the one holding first to the
// one holding last, in time order, including empty buckets so that charts
// show gaps. It returns nil if last is before first.
func (g Granularity) Keys(first, last time.Time) []string {
	if last.Before(first) {
		return nil
	}
	end := g.Start(last)
	var keys []string
	for s := g.Start(first); !s.After(end); s = g.next(s) {
		keys = append(keys, g.Key(s))
	}
	return keys
}

func (g Granularity) count(first, last time.Time) int {
	a, b := g.Start(first), g.Start(last)
	switch g {
	case Week:
		return int(b.Sub(a).Hours()/24)/7 + 1
	case Month:
		return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
	default:
		return int(b.Sub(a).Hours()/24) + 1
	}
}
