package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is one job read from testdata/format with findings written by
// hand, so the printers are tested apart from the rules.
func fixture(t *testing.T) (*lint.Report, []*lint.Rule) {
	t.Helper()
	res := read.Load([]string{"../../testdata/format/ds_config.json"}, read.Options{})
	if len(res.Jobs) != 1 {
		t.Fatalf("jobs = %d, errors = %v", len(res.Jobs), res.Errors)
	}
	path := res.Jobs[0].Primary.Path
	rules := []*lint.Rule{
		{ID: "fp16-bf16-both-enabled", Severity: lint.Error, Summary: "fp16 and bf16 are both enabled", Doc: lint.Doc{What: "Reports configs enabling both.", Why: "DeepSpeed refuses to start."}},
		{ID: "offload-param-needs-zero3", Severity: lint.Warning, Summary: "offload_param needs ZeRO-3", Doc: lint.Doc{What: "Reports offload_param below stage 3."}},
	}
	rep := &lint.Report{
		Jobs: []*lint.JobResult{{Job: res.Jobs[0]}},
		Findings: []lint.Finding{
			{File: path, Line: 3, Column: 3, Rule: rules[0].ID, Severity: lint.Error,
				Message: `"fp16.enabled" and "bf16.enabled" are both true; DeepSpeed refuses to start`,
				Fixes:   []lint.Fix{{Title: "Set `fp16.enabled` to false", Safety: lint.Safe}}},
			{File: path, Line: 6, Column: 7, Rule: rules[1].ID, Severity: lint.Warning,
				Message: `"offload_param" is ignored below ZeRO stage 3 (stage is 2)`,
				Notes:   []string{"parameters stay on the GPU: 14.96 GiB per GPU"},
				Fixes:   []lint.Fix{{Title: "Set `zero_optimization.stage` to 3", Safety: lint.Unsafe, PeakAfterGiB: 31.2, Fits: true, Cost: "~+10% step time"}}},
		},
	}
	return rep, rules
}

// testRoot is the repository root as SARIF's %SRCROOT%; goldens show it as
// file:///SRCROOT/ so they do not depend on where the checkout lives.
func testRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// format runs one formatter over a report, with the root replaced.
func format(t *testing.T, name string, rep *lint.Report, rules []*lint.Rule) []byte {
	t.Helper()
	root := testRoot(t)
	f, err := New(name, Options{Rules: rules, Version: "test", Root: root})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Format(&b, rep); err != nil {
		t.Fatal(err)
	}
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
	return bytes.ReplaceAll(b.Bytes(), []byte(rootURI), []byte("file:///SRCROOT/"))
}

func TestGolden(t *testing.T) {
	rep, rules := fixture(t)
	for _, name := range Formats {
		t.Run(name, func(t *testing.T) {
			b := bytes.NewBuffer(format(t, name, rep, rules))
			golden := filepath.Join("../../testdata/format", "findings."+name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if b.String() != string(want) {
				t.Errorf("--- got\n%s--- want\n%s", b.String(), want)
			}
		})
	}
}

// TestJSONContract checks the field names other tools rely on.
func TestJSONContract(t *testing.T) {
	rep, _ := fixture(t)
	var b bytes.Buffer
	if err := (JSON{}).Format(&b, rep); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"file", "line", "column", "rule", "severity", "message", "fixes"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("finding lacks %q: %v", key, got[0])
		}
	}
	if got[0]["severity"] != "error" || got[1]["severity"] != "warning" {
		t.Errorf("severities = %v, %v", got[0]["severity"], got[1]["severity"])
	}
}

// TestSARIFRulesListed checks every result names a rule the driver lists,
// which GitHub code scanning requires.
func TestSARIFRulesListed(t *testing.T) {
	rep, rules := fixture(t)
	var log sarifLog
	if err := json.Unmarshal(format(t, "sarif", rep, rules), &log); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		listed[r.ID] = true
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s lacks a required description", r.ID)
		}
		if r.HelpURI != "https://github.com/trainlint/trainlint/blob/main/docs/rules/"+r.ID+".md" {
			t.Errorf("rule %s: helpUri %s", r.ID, r.HelpURI)
		}
	}
	for _, res := range log.Runs[0].Results {
		if !listed[res.RuleID] {
			t.Errorf("result names unlisted rule %s", res.RuleID)
		}
		art := res.Locations[0].PhysicalLocation.ArtifactLocation
		if art.URI != "testdata/format/ds_config.json" || art.URIBaseID != "%SRCROOT%" {
			t.Errorf("artifact %+v, want testdata/format/ds_config.json under %%SRCROOT%%", art)
		}
	}
	if got := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///SRCROOT/" {
		t.Errorf("originalUriBaseIds = %q", got)
	}
	if len(log.Runs[0].Results) != 2 || log.Version != "2.1.0" {
		t.Errorf("results = %d, version = %s", len(log.Runs[0].Results), log.Version)
	}
}

func TestEstimateJSONContract(t *testing.T) {
	res := read.Load([]string{"../../testdata/examples/llama3-8b-a100/train.yaml"}, read.Options{})
	if len(res.Jobs) != 1 {
		t.Fatalf("errors: %v", res.Errors)
	}
	est, err := estimate.Estimate(res.Jobs[0].Plan)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteEstimatesJSON(&b, []*lint.JobResult{{Job: res.Jobs[0], Estimate: est}}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"file", "gpu", "gpus", "capacity_gib", "peak_gib", "fits", "headroom_gib", "breakdown", "cpu_peak_gib", "assumptions"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("estimate lacks %q", key)
		}
	}
	if got[0]["fits"] != (got[0]["peak_gib"].(float64) <= got[0]["capacity_gib"].(float64)) {
		t.Errorf("fits disagrees with peak and capacity: %v", got[0])
	}
}

func TestClipLine(t *testing.T) {
	long := strings.Repeat("a", 500) + "KEY" + strings.Repeat("b", 500)
	got, col := clipLine(long, 501)
	if len([]rune(got)) > maxSnippet+2 || []rune(got)[col-1] != 'K' {
		t.Errorf("clip: %d runes, col %d → %q", len([]rune(got)), col, string([]rune(got)[col-1]))
	}
	if got, col := clipLine("short", 3); got != "short" || col != 3 {
		t.Errorf("short line changed: %q %d", got, col)
	}
}

// TestMemorySummary: the summary line says for how many jobs memory was
// estimated and why the others were not, and never "no problems found"
// when a job's memory was not checked.
func TestMemorySummary(t *testing.T) {
	job := func(gaps ...plan.MemoryGap) *lint.JobResult {
		jr := &lint.JobResult{Job: &read.Job{Primary: &read.File{Path: "x.yaml"}, Plan: &plan.Plan{MemoryGaps: gaps}}}
		if len(gaps) == 0 {
			jr.Estimate = &estimate.Result{}
		}
		return jr
	}
	unknown := plan.MemoryGap{Kind: "model unknown", What: "model `acme/X` unknown"}
	other := plan.MemoryGap{Kind: "model unknown", What: "model `acme/Y` unknown"}
	noGPU := plan.MemoryGap{Kind: "no GPU declared", What: "no GPU declared"}
	warn := []lint.Finding{{File: "x.yaml", Line: 1, Column: 1, Rule: "memory-not-checked", Severity: lint.Warning, Message: "m"}}
	for _, tc := range []struct {
		name     string
		jobs     []*lint.JobResult
		findings []lint.Finding
		want     string
	}{
		{"all estimated", []*lint.JobResult{job(), job()}, nil, "2 jobs checked, no problems found\n"},
		{"one reason", []*lint.JobResult{job(), job(), job(unknown)}, warn,
			"3 jobs checked, memory estimated for 2; 1 not checked: model `acme/X` unknown; 0 errors, 1 warning, 0 infos\n"},
		{"counted by kind", []*lint.JobResult{job(unknown), job(other), job(noGPU)}, warn,
			"3 jobs checked, memory estimated for 0; 3 not checked (2 model unknown, 1 no GPU declared); 0 errors, 1 warning, 0 infos\n"},
		{"rule turned off", []*lint.JobResult{job(noGPU)}, nil,
			"1 job checked, memory estimated for 0; 1 not checked: no GPU declared; no other problems found\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := (&Text{}).Format(&b, &lint.Report{Jobs: tc.jobs, Findings: tc.findings}); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if i := strings.LastIndex(strings.TrimSuffix(got, "\n"), "\n"); i >= 0 {
				got = got[i+1:]
			}
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestEstimateJSONNotChecked: a job whose memory was not estimated is in
// the estimate array with memory_checked false and the reason.
func TestEstimateJSONNotChecked(t *testing.T) {
	jr := &lint.JobResult{Job: &read.Job{Primary: &read.File{Path: "x.yaml"}, Plan: &plan.Plan{MemoryGaps: []plan.MemoryGap{{What: "no GPU declared", Detail: "d"}}}}}
	var b bytes.Buffer
	if err := WriteEstimatesJSON(&b, []*lint.JobResult{jr}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != 1 {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got[0]["memory_checked"] != false || got[0]["memory_not_checked_reason"] != "no GPU declared (d)" {
		t.Errorf("got %v", got[0])
	}
}

// TestSARIFSchema validates the output against the official SARIF 2.1.0
// schema (testdata/sarif, see PROVENANCE.md there), formats included.
func TestSARIFSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	schema, err := c.Compile("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, rules := fixture(t)
	empty := &lint.Report{}
	for name, r := range map[string]*lint.Report{"findings": rep, "empty": empty} {
		var v any
		if err := json.Unmarshal(format(t, "sarif", r, rules), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: %#v", name, err)
		}
	}
	if schema.Validate(map[string]any{"version": "2.1.0"}) == nil {
		t.Error("the schema accepts a log without runs: it is not checking")
	}
}

// TestSARIFFingerprint: a finding keeps its fingerprint when lines are
// inserted above it, and two findings differ.
func TestSARIFFingerprint(t *testing.T) {
	dir := t.TempDir()
	src := "{\n  \"fp16\": {\"enabled\": true},\n  \"bf16\": {\"enabled\": true}\n}\n"
	prints := func(src string, line int) string {
		path := filepath.Join(dir, "ds.json")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		res := read.Load([]string{path}, read.Options{})
		if len(res.Jobs) != 1 {
			t.Fatalf("errors: %v", res.Errors)
		}
		rep := &lint.Report{Jobs: []*lint.JobResult{{Job: res.Jobs[0]}},
			Findings: []lint.Finding{{File: path, Line: line, Column: 3, Rule: "r", Severity: lint.Error, Message: "m"}}}
		var log sarifLog
		if err := json.Unmarshal(format(t, "sarif", rep, []*lint.Rule{{ID: "r", Summary: "s"}}), &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Results[0].PartialFingerprints["primaryLocationLineHash"]
	}
	before := prints(src, 3)
	after := prints("{\n  \"train_micro_batch_size_per_gpu\": 1,\n"+src[2:], 4)
	other := prints(src, 2)
	if before == "" || before != after || before == other {
		t.Errorf("fingerprints: before %q, after moving %q, other line %q", before, after, other)
	}
}

// TestMarkdownEstimate: a job with an estimate gets the memory table with
// the bar, and findings outside any job their own table.
func TestMarkdownEstimate(t *testing.T) {
	res := read.Load([]string{"../../testdata/examples/llama3-8b-a100/train.yaml"}, read.Options{})
	if len(res.Jobs) != 1 {
		t.Fatalf("errors: %v", res.Errors)
	}
	est, err := estimate.Estimate(res.Jobs[0].Plan)
	if err != nil {
		t.Fatal(err)
	}
	rep := lint.Run([]string{"../../testdata/examples/llama3-8b-a100/train.yaml"}, lint.Options{Rules: []*lint.Rule{}})
	rep.Jobs[0].Estimate = est
	rep.Findings = append(rep.Findings,
		lint.Finding{File: "broken.json", Line: 4, Column: 1, Rule: "input-error", Severity: lint.Error, Message: "unexpected end of file: the object opened at 1:1 is not closed"},
		lint.Finding{File: rep.Jobs[0].Job.Primary.Path, Line: 1, Column: 1, Rule: "gpu-out-of-memory", Severity: lint.Error, Message: "a | pipe stays in its cell",
			Fixes: []lint.Fix{{Title: "Set `gradient_checkpointing` to true", Safety: lint.Safe, PeakAfterGiB: 61.4, Fits: true, Cost: "~+30% step time"}}})
	got := format(t, "markdown", rep, nil)
	golden := "../../testdata/format/estimate.markdown.golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("missing golden (run with -update): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("--- got\n%s--- want\n%s", got, want)
	}
	for _, tt := range []struct {
		use, capacity float64
		want          string
	}{{62, 100, "██████░░░░ 62%"}, {0, 80, "░░░░░░░░░░ 0%"}, {120, 80, "██████████ 150%"}} {
		if got := bar(tt.use, tt.capacity); got != tt.want {
			t.Errorf("bar(%g, %g) = %q, want %q", tt.use, tt.capacity, got, tt.want)
		}
	}
}

// TestEveryFormatCarriesEveryFinding: a finding of any rule, listed or
// not (a rule added on another branch), comes out in every format.
func TestEveryFormatCarriesEveryFinding(t *testing.T) {
	rep, rules := fixture(t)
	rep.Findings = append(rep.Findings, lint.Finding{File: rep.Jobs[0].Job.Primary.Path, Line: 2, Column: 1,
		Rule: "memory-not-checked", Severity: lint.Info, Message: "memory is not checked"})
	for _, name := range Formats {
		out := string(format(t, name, rep, rules))
		for _, f := range rep.Findings {
			if !strings.Contains(out, f.Rule) {
				t.Errorf("%s output lacks %s", name, f.Rule)
			}
		}
	}
}
