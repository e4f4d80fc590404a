package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// binaryControlShare is the share of control bytes (other than tab, line
// feed, carriage return, form feed and vertical tab) above which input is
// taken for binary data: text with a few stray control characters passes
// (they are removed by cleaning), an executable or an image does not.
const binaryControlShare = 0.10

// Decode turns the raw bytes of a text file into normalised text: a UTF-8
// byte order mark is stripped, a UTF-16 one selects UTF-16, CRLF and lone CR
// become LF. It rejects binary data (a NUL byte, or more than 10% control
// bytes) with [ErrBinary], empty or white-space-only input with [ErrEmpty]
// and broken UTF-16 with [ErrUTF8].
//
// Input that is not valid UTF-8 is repaired as [ToUTF8] says: converted
// from Windows-1252 when it is not mostly UTF-8 (and has no UTF-8 byte
// order mark), otherwise kept as UTF-8 with each run of bad bytes replaced
// by U+FFFD. warning is then an
// [ErrCharset] *[ParseError] saying which, at the line of the first bad
// byte; the caller passes it on (Options.Warn) and keeps the article.
//
// Errors are *[ParseError] values carrying path.
func Decode(path string, b []byte) (text string, warning *ParseError, err error) {
	bom := false // a UTF-8 byte order mark says the file is UTF-8
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, bom = b[3:], true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		u, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", nil, &ParseError{Path: path, Err: errorf(ErrUTF8, "invalid UTF-16: %v", err)}
		}
		b = u
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return "", nil, &ParseError{Path: path, Err: errorf(ErrEmpty, "empty file")}
	}
	if err := checkBinary(b); err != nil {
		return "", nil, &ParseError{Path: path, Err: err}
	}
	if !utf8.Valid(b) {
		var w error
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte{'\n'})
		b, w = ToUTF8(b, bom)
		warning = &ParseError{Path: path, Line: line, Err: w}
	}
	return normaliseNewlines(string(b)), warning, nil
}

// ToUTF8 repairs b, which is not valid UTF-8, and returns the repaired
// bytes with an [ErrCharset] error saying what was done. With V the number
// of valid multi-byte UTF-8 sequences in b and I the number of runs of
// bytes that belong to none:
//
//   - V ≥ I, or preferUTF8 (the caller knows the stream is UTF-8, for
//     example from its earlier lines): b is UTF-8 with damage; each run of
//     bad bytes becomes U+FFFD, so nothing turns into mojibake ("Nicolás
//     \xFF" → "Nicolás \uFFFD").
//   - otherwise, when none of the bad bytes is one of the five bytes
//     Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): b is
//     Windows-1252 (which includes ISO 8859-1 for printable text) and is
//     converted ("caf\xE9" → "café").
//   - otherwise b is neither: bad bytes are replaced as in the first case.
func ToUTF8(b []byte, preferUTF8 bool) ([]byte, error) {
	bad, undefined, multi := utf8Stats(b)
	if !preferUTF8 && multi < bad && !undefined {
		if u, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			return u, errorf(ErrCharset, "not UTF-8: converted from Windows-1252")
		}
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), errorf(ErrCharset, "invalid UTF-8: %d runs of bad bytes replaced with U+FFFD", bad)
}

// checkBinary returns an ErrBinary error when b holds a NUL byte or too many
// control bytes.
func checkBinary(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return errorf(ErrBinary, "binary data (NUL byte at offset %d)", i)
	}
	controls := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F {
			controls++
		}
	}
	if float64(controls) > binaryControlShare*float64(len(b)) {
		return errorf(ErrBinary, "binary data (%d of %d bytes are control characters)", controls, len(b))
	}
	return nil
}

// utf8Stats returns the number of runs of bytes of b that belong to no
// valid UTF-8 sequence (damage such as "\xFF\xFE\xFD" is one run), whether
// one of those bytes is undefined in Windows-1252, and the number of valid
// multi-byte sequences.
func utf8Stats(b []byte) (bad int, undefined bool, multi int) {
	inRun := false
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			inRun = false
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if !inRun {
				bad++
			}
			inRun = true
			switch b[i] {
			case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
				undefined = true
			}
		} else {
			multi++
			inRun = false
		}
		i += n
	}
	return bad, undefined, multi
}

// firstInvalid returns the offset of the first byte of b that belongs to
// no valid UTF-8 sequence, or len(b).
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// normaliseNewlines turns CRLF and lone CR into LF.
func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
