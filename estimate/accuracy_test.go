package estimate

import (
	"fmt"
	"os"
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
	got := accuracyReport(rows, bench)
	if *update {
		if err := os.WriteFile(accuracyPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old, _ := os.ReadFile(accuracyPath); string(old) != got {
		t.Errorf("%s is out of date with %s; run go test ./estimate -run TestWriteAccuracy -update", accuracyPath, measurementsPath)
	}
}

// accuracyReport renders the README section from the compared rows.
func accuracyReport(rows []row, bench string) string {
	ours, rule, ran, oom := accuracy(rows)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	versions := ""
	if len(rows) > 0 {
		v := rows[0].m.Versions
		versions = fmt.Sprintf(" (%s, torch %s, transformers %s, peft %s, accelerate %s)", rows[0].m.Card, v["torch"],
			v["transformers"], v["peft"], v["accelerate"])
	}
	w("## Accuracy\n\n")
	w("trainlint's per-GPU peak compared with the peak `nvidia-smi` showed (NVML, minus the idle baseline) in %d real\n", len(rows))
	w("Hugging Face Trainer runs%s, measured by `calibrate/measure.py` into\n", versions)
	w("`testdata/calibration/measurements.jsonl`. The baseline is the usual rule of thumb: 16 bytes per trained\n")
	w("parameter (2 B weight + 2 B gradient + 12 B Adam and master copy) plus 2 bytes per frozen one.\n\n")
	w("| predictor | median abs. error | worst abs. error | runs |\n|---|---:|---:|---:|\n")
	w("| trainlint | %s | %s | %d |\n", pctAbs(ours.median), pctAbs(ours.worst), len(ran))
	w("| 16 B/param | %s | %s | %d |\n\n", pctAbs(rule.median), pctAbs(rule.worst), len(ran))
	predicted := 0
	for _, r := range oom {
		if !r.fits {
			predicted++
		}
	}
	w("%d of the %d runs that ran out of memory are predicted not to fit.\n\n", predicted, len(oom))
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
	w("| run | measured GiB | trainlint GiB | error | 16 B/param GiB | error |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range ran {
		w("| %s | %.2f | %.2f | %s | %.2f | %s |\n", r.m.ID, r.measured()/GiB, r.predicted/GiB, pct(r.relErr(r.predicted)),
			r.baseline/GiB, pct(r.relErr(r.baseline)))
	}
	w("\nRuns that ran out of memory (card: %d MiB):\n\n| run | trainlint GiB | predicted |\n|---|---:|---|\n", cardMiB(rows))
	for _, r := range oom {
		verdict := "does not fit"
		if r.fits {
			verdict = "fits (wrong)"
		}
		w("| %s | %.2f | %s |\n", r.m.ID, r.predicted/GiB, verdict)
	}
	w("\n### Estimator speed\n\n%s\n\nMeasure it with `go test ./estimate -run XXX -bench BenchmarkEstimate`.\n", bench)
	return b.String()
}

func cardMiB(rows []row) int {
	if len(rows) == 0 {
		return 0
	}
	return rows[0].m.CardTotalMiB
}
