package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// readBufferSize is the bufio buffer of the line readers: lines up to this
// size are returned without copying.
const readBufferSize = 64 << 10

// lineReader returns the lines of a stream one at a time in bounded memory:
// a line longer than max bytes is read and discarded, never held whole.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte // accumulates a line that spans several buffer fills
	line int    // number of the line last returned, 1-based
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, readBufferSize), max: max}
}

// next returns the next line without its "\n" or "\r\n", and its number.
// tooLong is set (and line nil) when the line was longer than max bytes. The
// returned slice is valid until the next call. err is io.EOF after the last
// line, or the reader's error.
func (l *lineReader) next() (line []byte, n int, tooLong bool, err error) {
	l.buf = l.buf[:0]
	size := 0
	for {
		chunk, err := l.br.ReadSlice('\n')
		size += len(chunk)
		if size > l.max+2 { // +2: the "\r\n" does not count
			tooLong = true
		}
		if !tooLong {
			if err == nil && len(l.buf) == 0 {
				// The common case: the whole line is in the buffer.
				l.line++
				return l.checked(trimEOL(chunk))
			}
			l.buf = append(l.buf, chunk...)
		}
		switch {
		case err == nil:
			l.line++
			if tooLong {
				return nil, l.line, true, nil
			}
			return l.checked(trimEOL(l.buf))
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if size == 0 {
				return nil, l.line, false, io.EOF
			}
			l.line++
			if tooLong {
				return nil, l.line, true, nil
			}
			return l.checked(trimEOL(l.buf))
		default:
			return nil, l.line + 1, false, err
		}
	}
}

// checked returns line as the result of next, or tooLong when it is longer
// than the limit (the running size check allows for a "\r\n").
func (l *lineReader) checked(line []byte) ([]byte, int, bool, error) {
	if len(line) > l.max {
		return nil, l.line, true, nil
	}
	return line, l.line, false, nil
}

// trimEOL removes a final "\n" or "\r\n".
func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
