package main

import (
	"flag"
	"fmt"
	"io"
	"testing"
)

// TestCheckSynchronous: the flags under which the runner returns before
// the job has finished are refused; the others pass.
func TestCheckSynchronous(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
	}{
		{nil, false},
		{[]string{"--async=false"}, false},
		{[]string{"--async"}, true},
		{[]string{"--execute_async"}, true},
		{[]string{"--dry_run"}, true},
		{[]string{"--template_location=gs://b/t"}, true},
		{[]string{"--runner=dataflow"}, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.args), func(t *testing.T) {
			fs := flag.NewFlagSet("newsframe-beam", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.Bool("async", false, "")
			fs.Bool("execute_async", false, "")
			fs.Bool("dry_run", false, "")
			fs.String("template_location", "", "")
			fs.String("runner", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if err := checkSynchronous(fs); (err != nil) != tt.wantErr {
				t.Errorf("checkSynchronous(%q) = %v, want error %v", tt.args, err, tt.wantErr)
			}
		})
	}
}

// TestCheckSynchronousRegistered: the SDK registers the flags
// checkSynchronous looks for, so that a rename in a new SDK is noticed.
func TestCheckSynchronousRegistered(t *testing.T) {
	for _, name := range []string{"async", "execute_async", "dry_run", "template_location"} {
		if flag.CommandLine.Lookup(name) == nil {
			t.Errorf("flag.Lookup(%q) = nil, want the SDK's flag", name)
		}
	}
}
