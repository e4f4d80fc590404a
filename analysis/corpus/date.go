package corpus

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// dateLayouts are tried in order by ParseDate after normalisation. Layouts
// without a zone are read as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	time.DateOnly,
	"2006/01/02",
	"2006/01/02 15:04:05",
	"2006.01.02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006 3:04 PM",
	"January 2, 2006 3:04PM",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006 3:04PM",
	"Jan 2, 2006 15:04",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 January 2006 15:04",
	"2 January 2006",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"January 2006",
}

var (
	// rxWeekday matches a leading weekday name and its comma.
	rxWeekday = regexp.MustCompile(`(?i)^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+`)
	// rxOrdinal matches a day with an ordinal suffix ("5th").
	rxOrdinal = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	// rxMonthDot matches an abbreviated month with a period ("Jan.",
	// "Sept.") so that it can be reduced to the three-letter form.
	rxMonthDot = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.`)
	// rxZoneName matches a trailing zone abbreviation that time.Parse
	// cannot resolve; it is dropped and the time read as UTC, which is
	// precise enough for the day-level use of dates.
	rxZoneName = regexp.MustCompile(`(?i)\s+(gmt|utc|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|z)$`)
	// rxAt matches " at " between a date and a time.
	rxAt = regexp.MustCompile(`(?i)\s+at\s+`)
	// rxAMPM normalises "p.m." and "pm" to "PM".
	rxAMPM = regexp.MustCompile(`(?i)(\d)\s*([ap])\.?m\.?$`)
)

var errDate = errors.New("no known date layout matches")

// ParseDate parses a publication date in one of the common forms found in
// news data: RFC 3339 (with or without fractional seconds or zone),
// "2006-01-02", "2006-01-02 15:04:05", "2006/01/02", RFC 1123 and RFC 822
// (HTTP and RSS dates), "January 2, 2006", "Jan. 2, 2006 3:04 p.m.",
// "Monday 2 January 2006", "5th March 2024", "2 Jan 2006 15:04 GMT". A
// leading weekday, "at" before the time and ordinal suffixes are ignored;
// zone abbreviations other than numeric offsets are ignored (the time is
// read as UTC). Forms without a zone are UTC. Ambiguous numeric forms
// ("01/02/2006") are refused.
func ParseDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}, errDate
	}
	if t, ok := tryLayouts(s); ok {
		return t, nil
	}
	n := rxWeekday.ReplaceAllString(s, "")
	n = rxAt.ReplaceAllString(n, " ")
	n = rxOrdinal.ReplaceAllString(n, "$1")
	n = rxMonthDot.ReplaceAllStringFunc(n, func(m string) string { return m[:3] })
	n = rxZoneName.ReplaceAllString(n, "")
	n = rxAMPM.ReplaceAllString(n, "$1 ${2}M")
	n = strings.Replace(n, " aM", " AM", 1)
	n = strings.Replace(n, " pM", " PM", 1)
	n = titleMonths(n)
	if t, ok := tryLayouts(n); ok {
		return t, nil
	}
	return time.Time{}, errDate
}

// titleMonths writes month names in upper-case first form, which
// time.Parse requires ("JANUARY 5, 2024" → "January 5, 2024").
func titleMonths(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		lw := strings.ToLower(strings.TrimRight(w, ","))
		if lw == "sept" {
			f[i] = "Sep" + w[4:]
		} else if monthNames[lw] {
			f[i] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
		}
	}
	return strings.Join(f, " ")
}

func tryLayouts(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// monthNames holds full and abbreviated English month names, lower case.
var monthNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}
