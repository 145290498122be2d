package estimate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

const publishedRoot = "../testdata/published"

// maxPublishedMedianErr is the median absolute error issue 16 allows on
// published measurements the estimator was not tuned to.
const maxPublishedMedianErr = 0.10

// publishedCase is one entry of testdata/published/cases.yaml: an input and
// the runs published for it.
type publishedCase struct {
	Dir    string          `yaml:"dir"`
	File   string          `yaml:"file"`
	Source publishedSource `yaml:"source"`
	Runs   []publishedRun  `yaml:"runs"`
}

// publishedSource says where a published figure is.
type publishedSource struct {
	Name    string `yaml:"name"`
	URL     string `yaml:"url"`
	File    string `yaml:"file"`
	Version string `yaml:"version"`
	Quote   string `yaml:"quote"`
}

// publishedRun is one published outcome of a case, on the case's hardware
// with the GPU count or card changed where the run did.
type publishedRun struct {
	GPUs         int     `yaml:"gpus"`
	GPU          string  `yaml:"gpu"`
	Outcome      string  `yaml:"outcome"` // runs | oom
	PublishedGiB float64 `yaml:"published_gib"`
}

// publishedRow is one published run compared with trainlint's estimate.
type publishedRow struct {
	id        string
	source    string
	run       publishedRun
	predicted float64 // bytes
	capacity  float64
	verdict   Verdict
	settings  []string
}

// relErr is the signed error against the published peak; 0 without one.
func (r publishedRow) relErr() float64 {
	if r.run.PublishedGiB <= 0 {
		return 0
	}
	return (r.predicted - r.run.PublishedGiB*GiB) / (r.run.PublishedGiB * GiB)
}

// wrong reports a verdict the published outcome contradicts: "fits" for an
// out-of-memory, "does not fit" for a job that ran ("tight" is neither).
func (r publishedRow) wrong() bool {
	return (r.run.Outcome == "oom" && r.verdict == Fits) || (r.run.Outcome == "runs" && r.verdict == DoesNotFit)
}

func loadPublishedCases(tb testing.TB) []publishedCase {
	tb.Helper()
	path := filepath.Join(publishedRoot, "cases.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var cases []publishedCase
	if err := yaml.Unmarshal(src, &cases); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	for _, c := range cases {
		if c.Dir == "" || c.File == "" || c.Source.URL == "" || c.Source.Quote == "" || len(c.Runs) == 0 {
			tb.Fatalf("%s: case %q/%q needs dir, file, source.url, source.quote and runs", path, c.Dir, c.File)
		}
		for _, r := range c.Runs {
			if r.Outcome != "runs" && r.Outcome != "oom" {
				tb.Fatalf("%s: case %s/%s: outcome %q, want runs or oom", path, c.Dir, c.File, r.Outcome)
			}
		}
	}
	return cases
}

// comparePublished estimates every published run.
func comparePublished(tb testing.TB) []publishedRow {
	tb.Helper()
	var rows []publishedRow
	for _, c := range loadPublishedCases(tb) {
		file := filepath.Join(publishedRoot, c.Dir, c.File)
		res := read.Load([]string{file}, read.Options{})
		if len(res.Jobs) != 1 {
			tb.Fatalf("%s: %d jobs, errors %v", file, len(res.Jobs), res.Errors)
		}
		base := res.Jobs[0].Plan
		if len(base.MemoryGaps) > 0 {
			tb.Fatalf("%s: memory not estimated: %+v", file, base.MemoryGaps)
		}
		for _, run := range c.Runs {
			p := base.Clone()
			id := c.Dir + "/" + c.File
			origin := plan.Declared(filepath.Join(publishedRoot, "cases.yaml"), "runs")
			if run.GPUs > 0 {
				p.Hardware.GPUsPerNode = plan.Of(run.GPUs, origin)
				id += fmt.Sprintf(" × %d", run.GPUs)
			}
			if run.GPU != "" {
				g, err := catalog.Builtin().GPU(run.GPU)
				if err != nil {
					tb.Fatalf("%s: %v", id, err)
				}
				p.Hardware.GPU = plan.Of(g, origin)
				id += " on " + run.GPU
			}
			r, err := Estimate(p)
			if err != nil {
				tb.Fatalf("%s: %v", id, err)
			}
			rows = append(rows, publishedRow{id: id, source: c.Source.Name, run: run, predicted: r.Peak,
				capacity: r.Capacity, verdict: r.Verdict(), settings: publishedSettings(p)})
		}
	}
	return rows
}

// The settings the published runs are reported by, beside the calibration's.
const (
	settingZeRO2   = "DeepSpeed ZeRO-2"
	settingZeRO3   = "DeepSpeed ZeRO-3"
	settingOffload = "DeepSpeed offload (optimizer and parameters to the CPU)"
	settingQLoRA   = "QLoRA (4-bit base weights)"
	settingPacked  = "packed or padding-free batches"
	settingLiger   = "Liger fused linear cross-entropy"
)

var publishedSettingOrder = []string{settingZeRO2, settingZeRO3, settingOffload, settingFSDP, settingLoRA, settingQLoRA,
	settingVLM, settingPacked, settingLiger, settingPlain}

// publishedSettings names what a published run exercises, from its plan.
func publishedSettings(p *plan.Plan) []string {
	var out []string
	add := func(ok bool, s string) {
		if ok {
			out = append(out, s)
		}
	}
	stage := 0
	if p.ZeRO.Enabled {
		stage = p.ZeRO.Stage.Or(0)
	}
	add(stage == 2, settingZeRO2)
	add(stage == 3, settingZeRO3)
	add(stage > 0 && (p.ZeRO.OffloadOptimizer.Or(plan.OffloadNone) != plan.OffloadNone ||
		p.ZeRO.OffloadParam.Or(plan.OffloadNone) != plan.OffloadNone), settingOffload)
	add(p.FSDP.Mode.Or("") != "", settingFSDP)
	method := p.PEFT.Method.Or("")
	add(method == "lora", settingLoRA)
	add(method == "qlora" || p.Quant.Or("") == plan.NF4 || p.Quant.Or("") == plan.FP4, settingQLoRA)
	add(p.Images.Width.Or(0) > 0 || p.Model.V.Vision != nil, settingVLM)
	add(p.Packing.Or(false), settingPacked)
	add(p.LossKernel.Or("") != "", settingLiger)
	if len(out) == 0 {
		out = append(out, settingPlain)
	}
	return out
}

// publishedStats is trainlint's error over the rows that publish a peak.
func publishedStats(rows []publishedRow) (s errStats, n int) {
	var e []float64
	for _, r := range rows {
		if r.run.PublishedGiB > 0 {
			e = append(e, r.relErr())
		}
	}
	return stats(e), len(e)
}

// TestPublished holds the estimator to published measurements: no wrong
// verdict ("fits" for a published out-of-memory, "does not fit" for a job
// published as running) and a median absolute error of at most
// maxPublishedMedianErr over the runs that publish a peak.
func TestPublished(t *testing.T) {
	rows := comparePublished(t)
	for _, r := range rows {
		pub := "-"
		if r.run.PublishedGiB > 0 {
			pub = fmt.Sprintf("%.2f", r.run.PublishedGiB)
		}
		t.Logf("%-52s %-5s published %6s GiB, trainlint %6.2f of %5.1f GiB %+7.1f%%  %s", r.id, r.run.Outcome, pub,
			r.predicted/GiB, r.capacity/GiB, 100*r.relErr(), r.verdict)
		if r.wrong() {
			t.Errorf("%s: published %s, trainlint says %s (%.2f GiB of %.2f GiB); source: %s", r.id, r.run.Outcome,
				r.verdict, r.predicted/GiB, r.capacity/GiB, r.source)
		}
	}
	s, n := publishedStats(rows)
	t.Logf("published peaks: median %.1f%%, worst %.1f%% over %d runs", 100*s.median, 100*s.worst, n)
	for _, g := range groupPublished(rows) {
		gs, gn := publishedStats(g.rows)
		t.Logf("  %-58s %2d runs (%d with a peak): median %5.1f%%, worst %5.1f%%", g.name, len(g.rows), gn,
			100*gs.median, 100*gs.worst)
	}
	if s.median > maxPublishedMedianErr {
		t.Errorf("median absolute error %.1f%% > %.0f%% on %d published peaks", 100*s.median, 100*maxPublishedMedianErr, n)
	}
}

// publishedGroup is the published runs that share a setting.
type publishedGroup struct {
	name    string
	rows    []publishedRow
	sources []string
}

// groupPublished splits the rows by setting, in publishedSettingOrder.
func groupPublished(rows []publishedRow) []publishedGroup {
	var out []publishedGroup
	for _, s := range publishedSettingOrder {
		g := publishedGroup{name: s}
		for _, r := range rows {
			if !slices.Contains(r.settings, s) {
				continue
			}
			g.rows = append(g.rows, r)
			if !slices.Contains(g.sources, r.source) {
				g.sources = append(g.sources, r.source)
			}
		}
		if len(g.rows) > 0 {
			out = append(out, g)
		}
	}
	return out
}
