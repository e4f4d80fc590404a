package corpus

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time // zero: an error is expected
	}{
		{"2010-07-02", utc(2010, 7, 2, 0, 0)},
		{"2024-03-05T10:02:00Z", utc(2024, 3, 5, 10, 2)},
		{"2024-03-05T12:02:00+02:00", utc(2024, 3, 5, 10, 2)},
		{"2024-03-05T10:02:00.123Z", time.Date(2024, 3, 5, 10, 2, 0, 123e6, time.UTC)},
		{"2024-03-05T10:02:00", utc(2024, 3, 5, 10, 2)},
		{"2024-03-05T12:02:00+0200", utc(2024, 3, 5, 10, 2)},
		{"2024-03-05 10:02:00", utc(2024, 3, 5, 10, 2)},
		{"2024-03-05 10:02", utc(2024, 3, 5, 10, 2)},
		{"2024/03/05", utc(2024, 3, 5, 0, 0)},
		{"Tue, 05 Mar 2024 10:02:00 GMT", utc(2024, 3, 5, 10, 2)},
		{"Tue, 5 Mar 2024 10:02:00 +0000", utc(2024, 3, 5, 10, 2)},
		{"March 5, 2024", utc(2024, 3, 5, 0, 0)},
		{"Mar. 5, 2024", utc(2024, 3, 5, 0, 0)},
		{"Sept. 5, 2024", utc(2024, 9, 5, 0, 0)},
		{"Sept 5, 2024", utc(2024, 9, 5, 0, 0)},
		{"March 5, 2024 3:04 p.m. ET", utc(2024, 3, 5, 15, 4)},
		{"March 5, 2024 at 3:04pm", utc(2024, 3, 5, 15, 4)},
		{"Tuesday, March 5, 2024", utc(2024, 3, 5, 0, 0)},
		{"5 March 2024", utc(2024, 3, 5, 0, 0)},
		{"5th March 2024", utc(2024, 3, 5, 0, 0)},
		{"Tuesday 5 March 2024 10:02 GMT", utc(2024, 3, 5, 10, 2)},
		{"MARCH 5, 2024", utc(2024, 3, 5, 0, 0)},
		{"  2024-03-05  ", utc(2024, 3, 5, 0, 0)},
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"03/05/2024", time.Time{}},
		{"2024-13-45", time.Time{}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}
