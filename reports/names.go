package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// slugHashLen is the number of hex digits of SHA-256 appended to a slug:
// 48 bits, so 10^5 ids collide with probability about 2·10^-5 (and
// [Writer.Write] reports a collision instead of overwriting a page).
const slugHashLen = 12

// slugMaxLen bounds the readable part of a slug.
const slugMaxLen = 48

// Slug turns any id or name into a file name stem that is safe on every
// file system and in a URL: the lower-cased ASCII letters and digits of s
// (other runes become '-', runs collapsed, at most 48 bytes), then '-' and
// 12 hex digits of SHA-256(s), so distinct ids give distinct names even
// when they differ only in punctuation or case. Slug("BBC/2024:7") is
// "bbc-2024-7-" followed by the hash.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= slugMaxLen {
			break
		}
	}
	readable := strings.TrimRight(b.String(), "-")
	sum := sha256.Sum256([]byte(s))
	h := hex.EncodeToString(sum[:])[:slugHashLen]
	if readable == "" {
		return h
	}
	return readable + "-" + h
}

// ArticlePath is the path of an article's page, relative to the report
// directory: "article/<slug>.html" (OUT/articles/ is the Parquet dataset).
func ArticlePath(id string) string { return "article/" + Slug(id) + ".html" }

// StoryPath is the path of a story's page: "stories/<slug>.html".
func StoryPath(id string) string { return "stories/" + Slug(id) + ".html" }

// OutletPath is the path of an outlet's page: "outlets/<slug>.html".
func OutletPath(name string) string { return "outlets/" + Slug(name) + ".html" }

// TopicPath is the path of a document topic's page: "topics/<id>.html".
func TopicPath(id int) string { return "topics/" + strconv.Itoa(id) + ".html" }
