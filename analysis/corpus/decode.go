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
// bytes) with [ErrBinary] and empty or white-space-only input with
// [ErrEmpty].
//
// Input that is not valid UTF-8 is converted from Windows-1252 (which
// includes ISO 8859-1 for printable text) when it holds no valid multi-byte
// UTF-8 sequence and none of the five bytes Windows-1252 leaves undefined;
// converted is then true and the caller should warn. Otherwise the error is
// [ErrUTF8] at the line of the first bad byte: a UTF-8 file with a corrupt
// byte is reported, not silently turned into mojibake.
//
// Errors are *[ParseError] values carrying path.
func Decode(path string, b []byte) (text string, converted bool, err error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		u, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", false, &ParseError{Path: path, Err: errorf(ErrUTF8, "invalid UTF-16: %v", err)}
		}
		b = u
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return "", false, &ParseError{Path: path, Err: errorf(ErrEmpty, "empty file")}
	}
	if err := checkBinary(b); err != nil {
		return "", false, &ParseError{Path: path, Err: err}
	}
	if !utf8.Valid(b) {
		bad, undefined, multi := utf8Stats(b)
		if multi > 0 || undefined {
			return "", false, &ParseError{Path: path, Line: 1 + bytes.Count(b[:bad], []byte{'\n'}),
				Err: errorf(ErrUTF8, "invalid UTF-8 (byte 0x%02X)", b[bad])}
		}
		u, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", false, &ParseError{Path: path, Err: errorf(ErrUTF8, "invalid Windows-1252: %v", err)}
		}
		b, converted = u, true
	}
	return normaliseNewlines(string(b)), converted, nil
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

// utf8Stats returns the offset of the first invalid byte, whether a byte
// undefined in Windows-1252 occurs among the invalid ones, and the number of
// valid multi-byte sequences.
func utf8Stats(b []byte) (firstBad int, undefined bool, multi int) {
	firstBad = -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if firstBad < 0 {
				firstBad = i
			}
			switch b[i] {
			case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
				undefined = true
			}
		} else {
			multi++
		}
		i += n
	}
	return firstBad, undefined, multi
}

// normaliseNewlines turns CRLF and lone CR into LF.
func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
