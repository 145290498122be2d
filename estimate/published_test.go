package estimate_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/read"
)

// publishedCase is one entry of testdata/published/cases.yaml.
type publishedCase struct {
	Dir          string  `yaml:"dir"`
	Outcome      string  `yaml:"outcome"` // runs | oom
	PublishedGiB float64 `yaml:"published_gib"`
	Source       string  `yaml:"source"`
}

// TestPublished reports trainlint's peak and verdict for jobs whose outcome
// was published, and fails on a wrong verdict: "fits" for a published
// out-of-memory, "does not fit" for a job published as running.
func TestPublished(t *testing.T) {
	const root = "../testdata/published"
	src, err := os.ReadFile(filepath.Join(root, "cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []publishedCase
	if err := yaml.Unmarshal(src, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Dir, func(t *testing.T) {
			res := read.Load([]string{filepath.Join(root, c.Dir, "train.yaml")}, read.Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			if len(p.MemoryGaps) > 0 {
				t.Fatalf("memory not estimated: %+v", p.MemoryGaps)
			}
			r, err := estimate.Estimate(p)
			if err != nil {
				t.Fatal(err)
			}
			v := r.Verdict()
			msg := ""
			if c.PublishedGiB > 0 {
				msg = " (published " + strconv.FormatFloat(c.PublishedGiB, 'f', -1, 64) + " GiB)"
			}
			t.Logf("published %s; trainlint %.2f GiB of %.2f GiB: %s%s", c.Outcome, r.Peak/estimate.GiB, r.Capacity/estimate.GiB, v, msg)
			switch {
			case c.Outcome == "oom" && v == estimate.Fits:
				t.Errorf("published out of memory, trainlint says it fits")
			case c.Outcome == "runs" && v == estimate.DoesNotFit:
				t.Errorf("published as running, trainlint says it does not fit")
			}
		})
	}
}
