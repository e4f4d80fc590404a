package corpus

import (
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseText parses one article from a text or Markdown file read from r.
//
// The file may start with a header block: lines "Key: value" with at least
// one known key (case-insensitive: Title, Subtitle, Author or Byline, Outlet,
// Published or Date, URL, ID), ended by a blank line. Unknown keys in the
// block go to Meta under their lower-case name. The rest is the body.
//
// Without a header, the file is read as text scraped from a web page: the
// leading lines that do not read like prose are header material (see
// [ScrapedHeader]), and the body starts at the first line that does. In
// both cases the body is split by [Paragraphs], dropping boilerplate lines.
//
// Errors are *[ParseError]: [ErrTooLong] for a file over opts.MaxText,
// the errors of [Decode], and [ErrNoText] when no body paragraph is left.
// Warnings (input that is not valid UTF-8, an unparsable date) go to
// opts.Warn.
func ParseText(o Origin, r io.Reader, opts *Options) (Article, error) {
	limit := opts.maxText()
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return Article{}, &ParseError{Path: o.name(), Err: err}
	}
	if len(b) > limit {
		return Article{}, &ParseError{Path: o.name(), Err: errorf(ErrTooLong, "file larger than %d bytes", limit)}
	}
	text, warning, err := Decode(o.name(), b)
	if err != nil {
		return Article{}, err
	}
	if warning != nil {
		opts.warn(warning)
	}
	return parseText(o, text, strings.HasSuffix(strings.ToLower(o.Path), ".md"), opts)
}

func parseText(o Origin, text string, markdown bool, opts *Options) (Article, error) {
	lines := strings.Split(text, "\n")
	var a Article
	body, ok := keyHeader(&a, lines)
	if ok {
		if a.Meta["published"] != nil {
			// keyHeader leaves the raw date in Meta when it cannot parse it.
			opts.warn(&ParseError{Path: o.name(), Line: headerLine(lines, "published", "date"),
				Err: errorf(ErrDate, "unparsable date %q", a.Meta["published"])})
		}
	} else {
		var h Header
		h, body = ScrapedHeader(lines, opts.boilerplate(), markdown)
		a.Title, a.Subtitle, a.Author, a.Published = h.Title, h.Subtitle, h.Author, h.Published
	}
	rest := lines[body:]
	if markdown {
		rest = stripMarkdownHeadings(rest)
	}
	a.Paragraphs = Paragraphs(strings.Join(rest, "\n"), opts.boilerplate())
	o.Complete(&a, 0)
	if len(a.Paragraphs) == 0 {
		return Article{}, &ParseError{Path: o.name(), Err: errorf(ErrNoText, "no body text")}
	}
	return a, nil
}

// rxKeyLine matches a header line "Key: value".
var rxKeyLine = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z0-9_ -]{0,29}?)\s*:(?:\s+(.*))?$`)

// keyHeader reads a "Key: value" header block from the start of lines into
// a and returns the index of the first body line. ok is false (and a
// untouched) when lines do not start with such a block holding a known key.
func keyHeader(a *Article, lines []string) (body int, ok bool) {
	i := 0
	for i < len(lines) && isBlank(lines[i]) {
		i++
	}
	start := i
	known := false
	for ; i < len(lines); i++ {
		m := rxKeyLine.FindStringSubmatch(lines[i])
		if m == nil {
			break
		}
		switch strings.ToLower(m[1]) {
		case "title", "subtitle", "author", "byline", "outlet", "published", "date", "url", "id":
			known = true
		}
	}
	if !known {
		return 0, false
	}
	for _, line := range lines[start:i] {
		m := rxKeyLine.FindStringSubmatch(line)
		key, value := strings.ToLower(strings.TrimSpace(m[1])), CleanText(m[2])
		switch key {
		case "title":
			a.Title = value
		case "subtitle":
			a.Subtitle = value
		case "author", "byline":
			a.Author = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(value, "By "), "by "))
		case "outlet":
			a.Outlet = value
		case "published", "date":
			if value == "" {
				continue
			}
			if t, err := ParseDate(value); err == nil {
				a.Published = t
			} else {
				setMeta(a, "published", value)
			}
		case "url":
			a.URL = value
		case "id":
			a.ID = value
		default:
			setMeta(a, key, value)
		}
	}
	return i, true
}

// headerLine returns the 1-based line of the first header line with one of
// keys, or 0.
func headerLine(lines []string, keys ...string) int {
	for i, line := range lines {
		if m := rxKeyLine.FindStringSubmatch(line); m != nil {
			for _, k := range keys {
				if strings.EqualFold(strings.TrimSpace(m[1]), k) {
					return i + 1
				}
			}
		}
	}
	return 0
}

func setMeta(a *Article, key string, value any) {
	if a.Meta == nil {
		a.Meta = make(map[string]any)
	}
	a.Meta[key] = value
}

// rxMarkdownHeading matches a Markdown ATX heading marker.
var rxMarkdownHeading = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)

func stripMarkdownHeadings(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(rxMarkdownHeading.ReplaceAllString(l, ""), " #")
	}
	return out
}

// Header is what [ScrapedHeader] finds in the leading lines of scraped text.
type Header struct {
	Title, Subtitle, Author string
	// Published is zero when no date line parsed.
	Published time.Time
}

// Limits of the scraped-header heuristic, chosen on page furniture seen in
// news sites (navigation words, section names, bylines, date lines,
// "N min read") and on the titles of the development corpora: BASIL titles
// have 4 to 16 words (median 9), BBC titles 3 to 9 (median 5; 47 of 2,225
// have 3 words, such as "Chelsea sack Mutu" or "Clyde 0-5 Celtic").
const (
	// maxHeaderWords: a line with more words is prose even without final
	// punctuation.
	maxHeaderWords = 25
	// minHeadlineWords and minHeadlineChars: shorter lines are navigation
	// or section labels ("World", "Latin America", "Crime & Justice").
	// Three-word lines are headlines only when they read like one (see
	// headline3).
	minHeadlineWords = 3
	minHeadlineChars = 15
	// maxQuestionHeadlineWords: a headline may end with "?", "!", an
	// ellipsis or an abbreviation when it is this short and no title was
	// found yet.
	maxQuestionHeadlineWords = 15
	// maxBylineWords: "By …" followed by more words is prose.
	maxBylineWords = 10
)

var (
	rxByline   = regexp.MustCompile(`^(?i:by|written by|words by|von|par|por)\s+(\p{Lu}.*)$`)
	rxReadTime = regexp.MustCompile(`(?i)^\d+\s*(min|mins|minute|minutes)\s*(read|listen|watch)?$`)
	// rxDatePrefix matches the label before the date of a date line.
	rxDatePrefix = regexp.MustCompile(`(?i)^(published|updated|posted|last updated|last modified|first published|modified|created|date)\s*(on|at)?\s*:?\s*`)
	rxNumDate    = regexp.MustCompile(`^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`)
	rxSlashDate  = regexp.MustCompile(`^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$`)
	rxClock      = regexp.MustCompile(`(?i)^\d{1,2}([:.]\d{2}){1,2}([ap]\.?m\.?)?$`)
)

// ScrapedHeader classifies the leading lines of text scraped from a web page
// and returns what it found and the index of the first body line. Lines are
// read from the top until the first line of prose: a line of more than 25
// words; a line of two words or more that ends with sentence punctuation
// (. ! ? … : ;) and is neither a byline nor a date; or a line of 4 words or
// more that a hard-wrapped paragraph continues on the next line (it ends
// with a comma, a hyphen or a function word such as "the", or the next line
// starts in lower case). Before that, each non-blank line is:
//   - boilerplate (bp): dropped;
//   - a byline "By Name" (also "Written by", "von", "par", "por"): the
//     author, preferred over a name line;
//   - a date line ("Published 5 March 2024 10:02 GMT", "2024-03-05"): the
//     first that parses is the publication date;
//   - a breadcrumb (two or more "|", "›", "»", ">" or "/" separators),
//     "N min read", a line of fewer than 3 words or 15 characters, a line
//     of 3 words with neither a lower-case word other than "and", "of",
//     "the"… nor a digit, quote or colon ("The United States", "Arts and
//     Culture", but not "Chelsea sack Mutu"), or a single word ending in a
//     period ("U.S."):
//     navigation, section or label, dropped — unless it is a personal name
//     (2–4 capitalised words, no function or section words, initials
//     allowed) and no author was found yet, which makes it the author;
//   - otherwise a headline: the first is the title, the second the
//     subtitle, others are dropped. A line of up to 15 words ending in "?",
//     "!", an ellipsis or an abbreviation ("… From the I.R.S.") is a
//     headline too when no title was found yet.
//
// In Markdown, "# " and "## " headings are headlines whatever their length.
func ScrapedHeader(lines []string, bp *Boilerplate, markdown bool) (h Header, body int) {
	bylineFound := false
	for i, raw := range lines {
		line := CleanText(raw)
		if line == "" || bp.Match(line) {
			continue
		}
		heading := false
		if markdown && rxMarkdownHeading.MatchString(raw) {
			line = CleanText(strings.TrimRight(rxMarkdownHeading.ReplaceAllString(raw, ""), " #"))
			heading = true
		}
		words := countWords(line)
		if words > maxHeaderWords {
			return h, i
		}
		if m := rxByline.FindStringSubmatch(line); m != nil && countWords(m[1]) <= maxBylineWords {
			if !bylineFound {
				h.Author, bylineFound = cleanByline(m[1]), true
			}
			continue
		}
		if t, ok := dateLine(line); ok {
			if h.Published.IsZero() && !t.IsZero() {
				h.Published = t
			}
			continue
		}
		short := isBreadcrumb(line) || rxReadTime.MatchString(line) || words < minHeadlineWords ||
			(words == minHeadlineWords && !headline3(line)) || utf8.RuneCountInString(line) < minHeadlineChars
		switch {
		case heading:
		case words >= minHeadlineWords && i+1 < len(lines) && continues(line, lines[i+1]):
			return h, i
		case endsSentence(line) && words >= 2:
			if h.Title != "" || words > maxQuestionHeadlineWords || !headlineEnding(line) {
				return h, i
			}
		case short:
			if h.Author == "" && isPersonalName(line) {
				h.Author = line
			}
			continue
		}
		switch {
		case h.Title == "":
			h.Title = line
		case h.Subtitle == "":
			h.Subtitle = line
		}
	}
	return h, len(lines)
}

// countWords counts the space-separated tokens of s that hold a letter or a
// digit.
func countWords(s string) int {
	n := 0
	for f := range strings.FieldsSeq(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// trimClosers removes closing quotes and brackets from the end of s.
func trimClosers(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return r == '"' || r == '\'' || r == ')' || r == ']' || r == '\u201D' || r == '\u2019' || r == '»'
	})
}

// headline3 reports whether a three-word line reads like a headline rather
// than a section label or a name: it has a lower-case word that is not a
// function word ("Chelsea sack Mutu"), or a digit, quote or colon
// ("Clyde 0-5 Celtic", "Profile: David Miliband").
func headline3(line string) bool {
	if strings.ContainsAny(line, "0123456789:'\"‘’“”") {
		return true
	}
	for w := range strings.FieldsSeq(line) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !wrapWords[strings.ToLower(w)] && !labelWords[w] {
			return true
		}
	}
	return false
}

// labelWords are lower-case words of section labels ("Arts and Culture",
// "News in pictures").
var labelWords = map[string]bool{"and": true, "&": true, "of": true, "the": true, "in": true, "for": true, "news": true}

// wrapWords are words that end a line of a hard-wrapped sentence but hardly
// ever a headline.
var wrapWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "to": true,
	"in": true, "on": true, "at": true, "by": true, "for": true, "with": true, "from": true,
	"that": true, "which": true, "who": true, "is": true, "was": true, "are": true,
	"were": true, "it": true, "its": true, "his": true, "her": true, "their": true,
	"as": true, "but": true, "than": true, "into": true,
}

// continues reports whether line is a line of hard-wrapped prose that goes
// on in next.
func continues(line, next string) bool {
	next = CleanText(next)
	if next == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
		return true
	}
	if strings.HasSuffix(line, ",") || strings.HasSuffix(line, "-") {
		return true
	}
	last := line[strings.LastIndexByte(line, ' ')+1:]
	return wrapWords[strings.ToLower(last)]
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(trimClosers(s))
	switch r {
	case '.', '!', '?', '…', ':', ';':
		return true
	}
	return false
}

// rxAbbrevEnd matches a line ending in an abbreviation ("From the I.R.S.").
var rxAbbrevEnd = regexp.MustCompile(`(^|\s)(\p{Lu}\.){2,}$`)

// headlineEnding reports whether a line's final punctuation is common in
// headlines: "?", "!", an ellipsis ("My memories of Marley...") or the
// period of an abbreviation ("Gay Marriages Get Recognition From the I.R.S.").
func headlineEnding(s string) bool {
	s = trimClosers(s)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '?' || r == '!' || r == '…' || strings.HasSuffix(s, "...") || rxAbbrevEnd.MatchString(s)
}

func isBreadcrumb(s string) bool {
	n := 0
	for f := range strings.FieldsSeq(s) {
		switch f {
		case "|", "›", "»", ">", "/", "•", "·":
			n++
		}
	}
	return n >= 2
}

// cleanByline cuts what follows the names in a byline: "Jane Doe, Reuters",
// "Jane Doe | Correspondent", "Jane Doe - 5 March 2024" keep "Jane Doe".
func cleanByline(s string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " · ", ", "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimRight(strings.TrimSpace(s), ",;:.")
}

// nameStopwords are words that rule a line out as a personal name: function
// words and the section, place and furniture words of news navigation.
var nameStopwords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "and": true, "in": true, "on": true,
	"for": true, "to": true, "at": true, "by": true, "with": true, "from": true, "is": true,
	"news": true, "world": true, "politics": true, "business": true, "sport": true,
	"sports": true, "opinion": true, "home": true, "video": true, "videos": true, "live": true,
	"latest": true, "health": true, "science": true, "technology": true, "tech": true,
	"culture": true, "travel": true, "style": true, "entertainment": true, "arts": true,
	"markets": true, "economy": true, "media": true, "america": true, "americas": true,
	"europe": true, "asia": true, "africa": true, "australia": true, "middle": true,
	"east": true, "west": true, "north": true, "south": true, "united": true, "states": true,
	"kingdom": true, "local": true, "national": true, "international": true,
	"breaking": true, "top": true, "stories": true, "analysis": true, "editorial": true,
	"features": true, "weather": true, "lifestyle": true, "food": true, "books": true,
	"music": true, "film": true, "climate": true, "environment": true, "education": true,
	"magazine": true, "podcast": true, "podcasts": true, "newsletter": true,
	"newsletters": true, "search": true, "menu": true, "more": true, "sections": true,
	"subscribe": true, "sign": true, "log": true, "account": true, "share": true,
	"comments": true, "photos": true, "gallery": true, "watch": true, "listen": true,
	"read": true, "trending": true, "popular": true, "related": true, "press": true,
	"associated": true, "reuters": true, "staff": true, "correspondent": true,
	"reporter": true, "editor": true, "desk": true, "agency": true, "wire": true,
	"today": true, "yesterday": true, "update": true, "updates": true, "global": true,
	"us": true, "uk": true, "eu": true, "un": true, "usa": true,
}

// isPersonalName reports whether line looks like a byline name without
// "By": 2 to 4 words, each capitalised and made of letters, apostrophes,
// hyphens or periods (initials), not all in capitals, none a stopword.
func isPersonalName(line string) bool {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 4 {
		return false
	}
	lower := 0
	for _, w := range f {
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) || nameStopwords[strings.ToLower(w)] {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' && r != '.' {
				return false
			}
			if unicode.IsLower(r) {
				lower++
			}
		}
	}
	return lower > 0
}

// dateLine reports whether line is a date line (optionally "Published",
// "Updated"… then a date and time) and returns the date when it parses.
func dateLine(line string) (time.Time, bool) {
	s := rxDatePrefix.ReplaceAllString(line, "")
	tokens := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '|' || r == '·' })
	if len(tokens) == 0 || len(tokens) > 10 {
		return time.Time{}, false
	}
	dated := false
	for _, tok := range tokens {
		lt := strings.ToLower(strings.TrimRight(tok, "."))
		switch {
		case monthNames[lt] && lt != "may" || lt == "may" && len(tokens) > 1:
			dated = true
		case rxNumDate.MatchString(tok), rxSlashDate.MatchString(tok):
			dated = true
		case isDigits(strings.TrimRight(lt, "stndrh")), rxClock.MatchString(tok), rxWeekday.MatchString(tok + " "):
		case lt == "at" || lt == "on" || lt == "am" || lt == "pm" || lt == "a.m" || lt == "p.m" || lt == "-" || lt == "–":
		case rxZoneName.MatchString(" " + lt):
		case strings.HasPrefix(lt, "+") || strings.HasPrefix(lt, "gmt+") || strings.HasPrefix(lt, "utc+"):
		default:
			return time.Time{}, false
		}
	}
	if !dated {
		return time.Time{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		return time.Time{}, true
	}
	return t, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
