package lint_test

import (
	"sort"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// corpusDir holds real configs from public repositories, shared with the
// developers and CI but not shipped to users.
const corpusDir = "../../shared/corpus"

// brokenOnPurpose are corpus files whose input error is real: upstream
// test fixtures that are malformed by design.
var brokenOnPurpose = map[string]string{}

func corpusFiles(t testing.TB) []corpus.File {
	files, err := corpus.Manifest(corpusDir)
	if err != nil {
		t.Skip(err)
	}
	return files
}

// TestCorpusUnderstood lints every corpus file on its own: each is either
// understood (read into at least one job) or reported as not a training
// config or a template, with a reason; none is an input error, none panics.
func TestCorpusUnderstood(t *testing.T) {
	files := corpusFiles(t)
	counts := map[string]int{}
	for _, cf := range files {
		rep := lint.Run([]string{cf.Path}, lint.Options{Rules: rules.All(), Workers: 1})
		rel := cf.Rel
		for _, err := range rep.Errors {
			if why, ok := brokenOnPurpose[rel]; ok {
				t.Logf("%s: expected input error (%s): %v", rel, why, err)
				continue
			}
			t.Errorf("%s: input error: %v", cf.Path, err)
		}
		var kind string
		for _, f := range rep.Findings {
			if f.Rule != lint.InputError.ID {
				continue
			}
			if why, ok := brokenOnPurpose[rel]; ok {
				t.Logf("%s: expected input error (%s): %s", rel, why, f)
				kind = f.Rule
				continue
			}
			t.Errorf("input error: %s", f)
		}
		switch {
		case kind != "":
		case len(rep.Jobs) > 0:
			kind = "understood/" + string(rep.Jobs[0].Job.Primary.Format)
		default:
			for _, f := range rep.Findings {
				if f.Rule == lint.NotConfig.ID || f.Rule == lint.ConfigTemplate.ID {
					kind = f.Rule
				}
			}
		}
		if kind == "" && len(rep.Errors) == 0 {
			t.Errorf("%s (%s): neither understood nor reported", cf.Path, cf.Format)
		}
		counts[cf.Format+" → "+kind]++
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%4d  %s", counts[k], k)
	}
}

// BenchmarkCorpus lints the whole corpus folder in one process, the way a
// CI gate runs over a repository.
func BenchmarkCorpus(b *testing.B) {
	corpusFiles(b)
	for i := 0; i < b.N; i++ {
		rep := lint.Run([]string{corpusDir}, lint.Options{Rules: rules.All()})
		if len(rep.Jobs) == 0 {
			b.Fatal("no jobs read")
		}
	}
}

// BenchmarkLintFits lints one Trainer + DeepSpeed job that fits, with the
// estimator: what a pre-commit hook does per changed file.
func BenchmarkLintFits(b *testing.B) {
	for i := 0; i < b.N; i++ {
		rep := lint.Run([]string{"../testdata/examples/llama3-8b-a100-fixed/train.yaml"}, lint.Options{Rules: rules.All(), Workers: 1})
		if len(rep.Jobs) != 1 || rep.Jobs[0].Estimate == nil || !rep.Jobs[0].Estimate.Fits() {
			b.Fatal("example not estimated to fit")
		}
	}
}

// BenchmarkLintOne lints one job that does not fit: the estimate plus the
// fix search behind the ranked suggestions.
func BenchmarkLintOne(b *testing.B) {
	for i := 0; i < b.N; i++ {
		rep := lint.Run([]string{"../testdata/examples/llama3-8b-a100/train.yaml"}, lint.Options{Rules: rules.All(), Workers: 1})
		if len(rep.Jobs) != 1 || rep.Jobs[0].Estimate == nil {
			b.Fatal("example not estimated")
		}
	}
}

// bothCorpora are the two shared corpora, about 600 real configs.
var bothCorpora = []string{corpusDir, "../../shared/corpus2"}

// benchmarkCorpora lints both corpora in one process on the declared
// hardware, the way a CI gate runs over a large repository: every job that
// does not fit runs the fix search behind its suggestions.
func benchmarkCorpora(b *testing.B, gpu string, gpus int) {
	for _, dir := range bothCorpora {
		if _, err := corpus.Manifest(dir); err != nil {
			b.Skip(err)
		}
	}
	opts := lint.Options{Rules: rules.All(), Read: read.Options{Overrides: read.Overrides{GPU: gpu, GPUsPerNode: gpus}}}
	for b.Loop() {
		rep := lint.Run(bothCorpora, opts)
		if len(rep.Jobs) < 300 {
			b.Fatalf("only %d jobs read", len(rep.Jobs))
		}
	}
}

// BenchmarkCorporaV100 lints both corpora on one V100-16GB, where most jobs
// do not fit.
func BenchmarkCorporaV100(b *testing.B) { benchmarkCorpora(b, "v100-16gb", 1) }

// BenchmarkCorporaA100x8 lints both corpora on 8 × A100-80GB.
func BenchmarkCorporaA100x8(b *testing.B) { benchmarkCorpora(b, "a100-80gb", 8) }
