package estimate

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

const (
	accuracyPath = "ACCURACY.md"
	// benchmarkMarker starts the line of ACCURACY.md that holds the
	// benchmark, which only -update measures: it varies with the machine.
	benchmarkMarker = "`BenchmarkEstimate`"
)

// TestWriteAccuracy keeps ACCURACY.md, the README's accuracy section, equal
// to what the calibration comparison computes. With -update it rewrites the
// file and measures BenchmarkEstimate for it; without, it fails when the
// file no longer matches the data (the benchmark line aside).
func TestWriteAccuracy(t *testing.T) {
	rows := compare(t)
	published := comparePublished(t)
	bench := ""
	if *update {
		r := testing.Benchmark(BenchmarkEstimate)
		bench = fmt.Sprintf("%s (Llama-3-8B, ZeRO-3 on 8 × H100, batch 1 × 4096, checkpointing): %d ns/op, %d allocs/op.",
			benchmarkMarker, r.NsPerOp(), r.AllocsPerOp())
	} else {
		old, err := os.ReadFile(accuracyPath)
		if err != nil {
			t.Fatalf("%v (run go test ./estimate -run TestWriteAccuracy -update)", err)
		}
		for _, line := range strings.Split(string(old), "\n") {
			if strings.HasPrefix(line, benchmarkMarker) {
				bench = line
			}
		}
	}
	got := accuracyReport(rows, published, bench)
	if *update {
		if err := os.WriteFile(accuracyPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old, _ := os.ReadFile(accuracyPath); string(old) != got {
		t.Errorf("%s is out of date with %s; run go test ./estimate -run TestWriteAccuracy -update", accuracyPath, strings.Join(measurementsPaths, ", "))
	}
}

// accuracyReport renders the README section from the compared rows.
func accuracyReport(rows []row, published []publishedRow, bench string) string {
	ours, rule, ran, oom := accuracy(rows)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("## Accuracy\n\n")
	w("trainlint's per-GPU peak compared with the peak `nvidia-smi` showed (NVML, minus the idle baseline) in %d real\n", len(rows))
	w("Hugging Face Trainer runs, measured by `calibrate/measure.py` on two cards:\n\n")
	w("| card | where the runs are | runs | out of memory | software |\n|---|---|---:|---:|---|\n")
	for _, c := range cards(rows) {
		v := c.first.m.Versions
		w("| %s (%d MiB) | `%s` | %d | %d | torch %s, transformers %s, peft %s, accelerate %s |\n", c.first.m.Card,
			c.first.m.CardTotalMiB, strings.TrimPrefix(c.first.m.source, "../"), c.runs, c.oom, v["torch"], v["transformers"],
			v["peft"], v["accelerate"])
	}
	w("\nThe baseline is the usual rule of thumb: 16 bytes per trained parameter (2 B weight + 2 B gradient + 12 B Adam\n")
	w("and master copy) plus 2 bytes per frozen one. Errors are over the runs that completed; the test fails when\n")
	w("trainlint's median passes %.0f%% or its worst passes %.0f%%, overall or on either card.\n\n", 100*maxMedianErr, 100*maxWorstErr)
	w("| predictor | runs | median abs. error | worst abs. error |\n|---|---:|---:|---:|\n")
	w("| trainlint | %d | %s | %s |\n", len(ran), pctAbs(ours.median), pctAbs(ours.worst))
	w("| 16 B/param | %d | %s | %s |\n\n", len(ran), pctAbs(rule.median), pctAbs(rule.worst))
	w("By card and by setting (a run counts in every setting it exercises):\n\n")
	w("| subset | runs | where the figures come from | trainlint median | trainlint worst | 16 B/param median |\n|---|---:|---|---:|---:|---:|\n")
	byCard := groupBy(ran, cardOf)
	bySetting := groupBy(ran, func(r row) []string { return r.settings })
	slices.SortStableFunc(bySetting, func(a, b group) int {
		return slices.Index(settingOrder, a.name) - slices.Index(settingOrder, b.name)
	})
	for _, g := range append(byCard, bySetting...) {
		var e []float64
		for _, r := range g.rows {
			e = append(e, r.relErr(r.baseline))
		}
		w("| %s | %d | measured here: %s | %s | %s | %s |\n", g.name, len(g.rows), measuredOn(g.rows), pctAbs(g.stats.median),
			pctAbs(g.stats.worst), pctAbs(stats(e).median))
	}
	w("\nBy architecture (the `model_type` of the measured config.json):\n\n")
	w("| model_type | runs | trainlint median | trainlint worst |\n|---|---:|---:|---:|\n")
	byArch := groupBy(ran, func(r row) []string { return []string{r.arch} })
	slices.SortStableFunc(byArch, func(a, b group) int { return strings.Compare(a.name, b.name) })
	for _, g := range byArch {
		w("| `%s` | %d | %s | %s |\n", g.name, len(g.rows), pctAbs(g.stats.median), pctAbs(g.stats.worst))
	}
	w("\n| published subset | runs | where the figures come from | trainlint median | trainlint worst | 16 B/param median |\n|---|---:|---|---:|---:|---:|\n")
	for _, g := range groupPublished(published) {
		gs, n := publishedStats(g.rows)
		med, worst := "–", "–"
		if n > 0 {
			med, worst = pctAbs(gs.median), pctAbs(gs.worst)
		}
		w("| published: %s | %d (%d with a peak) | %s | %s | %s | – |\n", g.name, len(g.rows), n, strings.Join(g.sources, "; "), med, worst)
	}
	w("\nThe published rows are jobs whose outcome and often peak per GPU someone published (`testdata/published`,\n")
	w("each with its address, commit and a quote; `go test ./estimate -run TestPublished -v`); the estimator was not\n")
	w("tuned to them. The test fails on a wrong verdict or when the median error over the published peaks passes %.0f%%.\n\n",
		100*maxPublishedMedianErr)
	w("| published run | outcome | published GiB | trainlint GiB | error | verdict | source |\n|---|---|---:|---:|---:|---|---|\n")
	for _, r := range published {
		pub, e := "–", "–"
		if r.run.PublishedGiB > 0 {
			pub, e = fmt.Sprintf("%.2f", r.run.PublishedGiB), pct(r.relErr())
		}
		w("| %s | %s | %s | %.2f of %.0f | %s | %s | %s |\n", r.id, r.run.Outcome, pub, r.predicted/GiB, r.capacity/GiB, e, r.verdict, r.source)
	}
	w("\n")
	predicted := 0
	for _, r := range oom {
		if !r.fits {
			predicted++
		}
	}
	w("\n%d of the %d runs that ran out of memory are predicted not to fit.\n\n", predicted, len(oom))
	var out []row
	for _, r := range rows {
		if r.outside != "" {
			out = append(out, r)
		}
	}
	if len(out) > 0 {
		w("%d measured runs are kept out of the figures above, each for the reason given; the test still holds a\n", len(out))
		w("torch.compile run's estimate to be at or above its peak, and a fragmentation outlier to within %.0f%%:\n\n", 100*maxFragmentationErr)
		w("| run | card | measured GiB | trainlint GiB | error | why kept out |\n|---|---|---:|---:|---:|---|\n")
		for _, r := range out {
			meas, e := "OOM", "–"
			if !r.m.Result.OOM {
				meas, e = fmt.Sprintf("%.2f", r.measured()/GiB), pct(r.relErr(r.predicted))
			}
			w("| %s | %s | %s | %.2f | %s | %s |\n", r.m.ID, r.gpu, meas, r.predicted/GiB, e, r.outside)
		}
		w("\n")
	}
	alloc := allocatedAccuracy(ran)
	w("Most of the error is the caching allocator's reserve. The allocated part alone (the tensors the model\n")
	w("derives, against `torch.cuda.max_memory_allocated`) is off by %s at the median and %s at worst.\n\n",
		pctAbs(alloc.median), pctAbs(alloc.worst))
	w("How the estimate is built: weights, gradients and optimizer state per parameter group (dtype, quantization,\n")
	w("frozen parts, LoRA adapters, ZeRO/FSDP sharding); every tensor a decoder layer keeps for backward, derived\n")
	w("from what each autograd node saves (RMSNorm's fp32 upcast, per-consumer autocast casts, the attention\n")
	w("kernel's inputs, the gated MLP); the logits with their fp32 upcast and log-softmax; the phases of a step\n")
	w("(loss, start and top of backward, optimizer step with its temporaries); then three steps replayed through a\n")
	w("model of PyTorch's caching allocator (best fit, block splitting, per-stream pools) for the memory it reserves\n")
	w("but cannot reuse; plus the CUDA context and NCCL buffers. The few measured constants are in\n")
	w("`estimate/constants.go`, each with the runs that pin it.\n\n")
	w("Reproduce (and regenerate this section) with:\n\n")
	w("```sh\ngo test ./estimate -run 'TestCalibration|TestWriteAccuracy' -v          # compare, print the table\n")
	w("go test ./estimate -run TestWriteAccuracy -update                       # rewrite estimate/ACCURACY.md\n```\n\n")
	w("| run | card | measured GiB | trainlint GiB | error | 16 B/param GiB | error |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, r := range ran {
		w("| %s | %s | %.2f | %.2f | %s | %.2f | %s |\n", r.m.ID, r.gpu, r.measured()/GiB, r.predicted/GiB,
			pct(r.relErr(r.predicted)), r.baseline/GiB, pct(r.relErr(r.baseline)))
	}
	w("\nRuns that ran out of memory:\n\n| run | card | card MiB | trainlint GiB | predicted |\n|---|---|---:|---:|---|\n")
	for _, r := range oom {
		verdict := "does not fit"
		if r.fits {
			verdict = "fits (wrong)"
		}
		w("| %s | %s | %d | %.2f | %s |\n", r.m.ID, r.gpu, r.m.CardTotalMiB, r.predicted/GiB, verdict)
	}
	w("\n### Estimator speed\n\n%s\n\nMeasure it with `go test ./estimate -run XXX -bench BenchmarkEstimate`.\n", bench)
	return b.String()
}

// cardRuns counts the runs measured on one card.
type cardRuns struct {
	first     row
	runs, oom int
}

// cards lists the cards the rows were measured on, in the order they appear.
func cards(rows []row) []cardRuns {
	var out []cardRuns
	for _, r := range rows {
		i := slices.IndexFunc(out, func(c cardRuns) bool { return c.first.gpu == r.gpu })
		if i < 0 {
			i = len(out)
			out = append(out, cardRuns{first: r})
		}
		out[i].runs++
		if r.m.Result.OOM {
			out[i].oom++
		}
	}
	return out
}

// measuredOn names the cards behind a group of runs, with how many on each.
func measuredOn(rows []row) string {
	var parts []string
	for _, c := range cards(rows) {
		parts = append(parts, fmt.Sprintf("%d on %s", c.runs, strings.TrimPrefix(c.first.m.Card, "NVIDIA ")))
	}
	return strings.Join(parts, ", ")
}
