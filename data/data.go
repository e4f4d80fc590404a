// Package data holds newsframe's embedded defaults: the sample corpus that
// `make run` analyses, word lists, lexicons, targets and fitted weights. Each
// file says where it comes from and under what licence (see data/README.md).
package data

import "embed"

// FS is the embedded data tree; paths are relative to this directory,
// for example "sample/seed/000_2e93276e539b50fe.txt".
//
//go:embed sample lists lexicons sentiment targets
var FS embed.FS
