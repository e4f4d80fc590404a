package reports

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// embedded holds the JavaScript and CSS the pages load from OUT/assets:
// assets/js is filled by `make assets` (ECharts from npm, checked against
// assets/SHA256SUMS), assets/site is ours and committed.
//
//go:embed assets/js assets/site assets/SHA256SUMS
var embedded embed.FS

// ErrAssetsMissing is returned by [Write] and [Assets] when the binary was
// built without the ECharts JavaScript.
var ErrAssetsMissing = errors.New("reports: the ECharts JavaScript is not embedded in this binary: run `make assets`, then rebuild")

// assetDir is where the assets go, relative to the report directory.
const assetDir = "assets"

// Asset is a file written beside the report.
type Asset struct {
	// Name is relative to the report directory, e.g.
	// "assets/echarts.min.js".
	Name string
	Data []byte
}

// Assets returns the files every report needs beside its pages: ECharts
// (with its licence and notice), newsframe.js and style.css. The vendored
// files are checked against the embedded SHA256SUMS; a missing file is
// [ErrAssetsMissing], a changed one an error naming it.
func Assets() ([]Asset, error) {
	return assetsFrom(embedded)
}

// assetsFrom reads and checks the assets in fsys (laid out as the
// embedded tree), so tests can pass a broken tree.
func assetsFrom(fsys fs.FS) ([]Asset, error) {
	sums, err := fs.ReadFile(fsys, "assets/SHA256SUMS")
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	var out []Asset
	sc := bufio.NewScanner(bytes.NewReader(sums))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		want, name, ok := strings.Cut(line, "  ")
		if !ok || len(want) != sha256.Size*2 {
			return nil, fmt.Errorf("reports: assets/SHA256SUMS: line %d: want \"<sha256>  <file>\"", n)
		}
		data, err := fs.ReadFile(fsys, path.Join("assets/js", name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (assets/js/%s)", ErrAssetsMissing, name)
		}
		if err != nil {
			return nil, fmt.Errorf("reports: %w", err)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != want {
			return nil, fmt.Errorf("reports: embedded assets/js/%s does not match assets/SHA256SUMS: run `make assets`, then rebuild", name)
		}
		out = append(out, Asset{Name: path.Join(assetDir, name), Data: data})
	}
	if len(out) == 0 {
		return nil, errors.New("reports: assets/SHA256SUMS lists no file")
	}
	for _, name := range []string{"newsframe.js", "style.css"} {
		data, err := fs.ReadFile(fsys, path.Join("assets/site", name))
		if err != nil {
			return nil, fmt.Errorf("reports: %w", err)
		}
		out = append(out, Asset{Name: path.Join(assetDir, name), Data: data})
	}
	return out, nil
}
