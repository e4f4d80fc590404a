package stats

import (
	"slices"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestChooseGranularity(t *testing.T) {
	tests := []struct {
		name        string
		first, last string
		want        Granularity
	}{
		{"one day", "2026-11-25", "2026-11-25", Day},
		{"sixty days", "2026-01-01", "2026-03-01", Day},
		{"sixty-one days", "2026-01-01", "2026-03-02", Week},
		{"reversed", "2026-03-02", "2026-01-01", Week},
		{"a year", "2026-01-01", "2026-12-31", Week},
		{"sixty weeks", "2025-12-29", "2027-02-21", Week},
		{"sixty-one weeks", "2025-12-29", "2027-02-22", Month},
		{"basil-dev", "2010-02-20", "2013-09-01", Month},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChooseGranularity(date(tt.first), date(tt.last)); got != tt.want {
				t.Errorf("ChooseGranularity(%s, %s) = %v, want %v", tt.first, tt.last, got, tt.want)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name string
		g    Granularity
		t    time.Time
		want string
	}{
		{"day", Day, date("2026-11-25"), "2026-11-25"},
		{"week", Week, date("2026-11-25"), "2026-W48"},
		{"week starts monday", Week, date("2026-11-30"), "2026-W49"},
		{"week of next january", Week, date("2027-01-01"), "2026-W53"},
		{"week 1 in december", Week, date("2025-12-29"), "2026-W01"},
		{"month", Month, date("2026-11-25"), "2026-11"},
		{"zero time", Week, time.Time{}, ""},
		// 23:30 in New York is the next day in UTC.
		{"converted to UTC", Day, time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)), "2026-11-26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.Key(tt.t); got != tt.want {
				t.Errorf("%v.Key(%v) = %q, want %q", tt.g, tt.t, got, tt.want)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name        string
		g           Granularity
		first, last string
		want        []string
	}{
		{"days", Day, "2026-02-27", "2026-03-02", []string{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}},
		{"weeks across the year", Week, "2026-12-20", "2027-01-12", []string{"2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"}},
		{"months", Month, "2026-11-30", "2027-02-01", []string{"2026-11", "2026-12", "2027-01", "2027-02"}},
		{"reversed", Day, "2026-03-02", "2026-03-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.g.Keys(date(tt.first), date(tt.last))
			if !slices.Equal(got, tt.want) {
				t.Errorf("%v.Keys(%s, %s) = %q, want %q", tt.g, tt.first, tt.last, got, tt.want)
			}
			if !slices.IsSorted(got) {
				t.Errorf("keys %q do not sort as strings", got)
			}
		})
	}
}

func TestStart(t *testing.T) {
	tests := []struct {
		g    Granularity
		t    string
		want string
	}{
		{Day, "2026-11-25", "2026-11-25"},
		{Week, "2026-11-29", "2026-11-23"}, // Sunday → its Monday
		{Week, "2026-11-23", "2026-11-23"},
		{Month, "2026-11-25", "2026-11-01"},
	}
	for _, tt := range tests {
		t.Run(tt.g.String()+" "+tt.t, func(t *testing.T) {
			if got := tt.g.Start(date(tt.t)); !got.Equal(date(tt.want)) {
				t.Errorf("%v.Start(%s) = %v, want %s", tt.g, tt.t, got, tt.want)
			}
		})
	}
}
