package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The MiniCPM-Llama3-V 2.5 on V100 story (testdata/minicpmv): every
// scenario is run through the CLI entry from the repository root, as a user
// would, and its verdicts are checked; TestMiniCPMVWalkthrough writes the
// same runs, with their real output, to testdata/minicpmv/WALKTHROUGH.md.

const (
	walkthroughPath = "testdata/minicpmv/WALKTHROUGH.md"
	// corpusFinetune is a copy of MiniCPM-V's own finetune folder (see its
	// PROVENANCE.md), relative to the repository root.
	corpusFinetune = "testdata/minicpmv/upstream/"
	corpusConfig   = "testdata/minicpmv/corpus-v100-32gb.trainlint.yaml"
)

// cmdRun is one CLI invocation and what it printed.
type cmdRun struct {
	args           []string
	code           int
	stdout, stderr string
}

func (r cmdRun) String() string { return "trainlint " + strings.Join(r.args, " ") }

// inRoot runs the CLI from the repository root, so paths read as a user
// types them.
func inRoot(t *testing.T) func(args ...string) cmdRun {
	t.Helper()
	t.Chdir("../..")
	return func(args ...string) cmdRun {
		code, out, errs := runCLI(args...)
		return cmdRun{args: args, code: code, stdout: out, stderr: errs}
	}
}

func scenarioFile(name string) string { return "testdata/minicpmv/" + name + "/finetune.yaml" }

// estimated is the part of `estimate --format json` the verdicts use.
type estimated struct {
	PeakGiB     float64            `json:"peak_gib"`
	CapacityGiB float64            `json:"capacity_gib"`
	Fits        bool               `json:"fits"`
	Breakdown   map[string]float64 `json:"breakdown"`
}

func (e estimated) visionShare() float64 { return e.Breakdown["vision-activations"] / e.PeakGiB }

func estimateJSON(t *testing.T, cli func(...string) cmdRun, path string) estimated {
	t.Helper()
	r := cli("estimate", "--format", "json", path)
	var out []estimated
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 1 || r.code != ExitOK {
		t.Fatalf("%s: exit %d, %v\n%s%s", r, r.code, err, r.stdout, r.stderr)
	}
	return out[0]
}

// TestMiniCPMVScenarios checks the verdicts the story implies.
func TestMiniCPMVScenarios(t *testing.T) {
	cli := inRoot(t)
	small := estimateJSON(t, cli, scenarioFile("v100-32gb-full-offload"))
	large := estimateJSON(t, cli, scenarioFile("v100-32gb-full-offload-1344"))

	t.Run("v100-32gb-full-offload fits", func(t *testing.T) {
		if !small.Fits {
			t.Errorf("500×500 on 8 × V100-32GB with ZeRO-3 offload: %.2f of %.2f GiB, want a fit", small.PeakGiB, small.CapacityGiB)
		}
		if r := cli("lint", scenarioFile("v100-32gb-full-offload")); r.code != ExitOK {
			t.Errorf("%s: exit %d\n%s", r, r.code, r.stdout)
		}
	})

	t.Run("v100-32gb-full-offload-1344 costs more, the vision share grows", func(t *testing.T) {
		if large.PeakGiB <= small.PeakGiB {
			t.Errorf("1344×1344 peak %.2f GiB is not above 500×500's %.2f GiB", large.PeakGiB, small.PeakGiB)
		}
		if large.visionShare() <= small.visionShare() || small.visionShare() <= 0 {
			t.Errorf("vision-activations share %.1f%% at 1344×1344, %.1f%% at 500×500: want it to grow",
				100*large.visionShare(), 100*small.visionShare())
		}
	})

	t.Run("v100-16gb-full-zero3 does not fit; lint ranks offload, LoRA and tuning only the LLM; fix --unsafe fits", func(t *testing.T) {
		path := scenarioFile("v100-16gb-full-zero3")
		if e := estimateJSON(t, cli, path); e.Fits {
			t.Errorf("full fine-tune on 8 × V100-16GB under ZeRO-3 without offload fits (%.2f GiB)", e.PeakGiB)
		}
		r := cli("lint", path)
		if r.code != ExitFindings || !strings.Contains(r.stdout, "[gpu-out-of-memory]") {
			t.Fatalf("%s: exit %d\n%s", r, r.code, r.stdout)
		}
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`fix \(safe\): Offload the optimizer .* → [0-9.]+ GiB \(fits`),
			regexp.MustCompile("fix \\(unsafe\\): Train LoRA .*`use_lora: true`.* → [0-9.]+ GiB"),
			regexp.MustCompile("fix \\(unsafe\\): Freeze the vision tower \\(`tune_vision: false`\\): tune only the LLM part.* → [0-9.]+ GiB"),
		} {
			if !want.MatchString(r.stdout) {
				t.Errorf("lint output lacks %s:\n%s", want, r.stdout)
			}
		}
		checkFixFits(t, "v100-16gb-full-zero3")
	})

	t.Run("v100-16gb-lora does not fit on the 16-bit base; QLoRA on the int4 checkpoint cuts it, at ~1% quality", func(t *testing.T) {
		path := scenarioFile("v100-16gb-lora")
		e := estimateJSON(t, cli, path)
		if e.Fits || e.Breakdown["weights"] < e.CapacityGiB {
			t.Errorf("LoRA on one V100-16GB: peak %.2f GiB, weights %.2f GiB of %.2f: want the weights alone over the card",
				e.PeakGiB, e.Breakdown["weights"], e.CapacityGiB)
		}
		r := cli("lint", path)
		m := regexp.MustCompile("fix \\(unsafe\\): Train LoRA on the int4 checkpoint openbmb/MiniCPM-Llama3-V-2_5-int4 \\(`q_lora: true`[^\n]*→ ([0-9.]+) GiB[^\n]*1% lower accuracy").FindStringSubmatch(r.stdout)
		if m == nil {
			t.Fatalf("no QLoRA option with its quality cost:\n%s", r.stdout)
		}
		var after float64
		fmt.Sscan(m[1], &after)
		if after > e.PeakGiB-5 {
			t.Errorf("QLoRA leaves %.1f GiB of %.1f: want far less", after, e.PeakGiB)
		}
		if !strings.Contains(r.stdout, "no safe change fits") {
			t.Errorf("lint does not say that nothing safe fits:\n%s", r.stdout)
		}
		checkFixFits(t, "v100-16gb-lora")
	})

	t.Run("v100-bf16 is an error at the bf16 line with the fp16 fix", func(t *testing.T) {
		r := cli("lint", scenarioFile("v100-bf16"))
		want := scenarioFile("v100-bf16") + ":7:1: error: \"bf16\" is true but v100-32gb"
		if r.code != ExitFindings || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "[bf16-unsupported-gpu]") ||
			!strings.Contains(r.stdout, "fix (unsafe): Switch to fp16") {
			t.Errorf("%s: exit %d, want %q with the fp16 fix:\n%s", r, r.code, want, r.stdout)
		}
	})
}

// checkFixFits runs `fix --unsafe --write` on a copy of a scenario and lints
// the result: the rewritten files must read back to a job that fits.
func checkFixFits(t *testing.T, scenario string) {
	t.Helper()
	tmp := t.TempDir()
	if err := os.Mkdir(filepath.Join(tmp, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyTree(t, "testdata/minicpmv", tmp)
	path := filepath.Join(tmp, scenario, "finetune.yaml")
	if code, out, errs := runCLI("fix", "--unsafe", path); code != ExitOK || out == "" {
		t.Fatalf("fix --unsafe %s: exit %d, want 0 and a diff\n%s%s", scenario, code, out, errs)
	}
	if code, _, errs := runCLI("fix", "--unsafe", "--write", path); code != ExitOK {
		t.Fatalf("fix --unsafe --write: exit %d\n%s", code, errs)
	}
	code, out, errs := runCLI("lint", path)
	if strings.Contains(out, "[gpu-out-of-memory]") || code == ExitUsage {
		t.Errorf("the fixed %s still runs out of memory (exit %d):\n%s%s", scenario, code, out, errs)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMiniCPMVCorpus lints MiniCPM-V's own finetune scripts (copied into
// testdata) on the team's declared 8 × V100-32GB: finetune_ds.sh asks for bf16,
// which V100s lack; finetune_lora.sh fits, with little headroom at 1344×1344,
// because its LoRA trains full copies of the embeddings, resampler and
// vision tower. On 16 GB cards the LoRA script runs out of memory.
func TestMiniCPMVCorpus(t *testing.T) {
	cli := inRoot(t)
	r := cli(corpusArgs()...)
	for _, want := range []string{
		"finetune_ds.sh:37:5: error: \"bf16\" is true but v100-32gb",
		"[gpu-memory-headroom-low]",
		"for the job of " + corpusFinetune + "finetune_lora.sh",
		"2 jobs checked: 1 error, 1 warning",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint of the corpus lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "[gpu-out-of-memory]") || r.code != ExitFindings {
		t.Errorf("exit %d; on V100-32GB neither script should run out of memory:\n%s", r.code, r.stdout)
	}
	est := cli("estimate", "--config", corpusConfig, "--model", "openbmb/MiniCPM-V-2_6", corpusFinetune)
	for _, want := range []string{"modules_to_save", "vision-activations", "runs eager attention"} {
		if !strings.Contains(est.stdout, want) {
			t.Errorf("estimate of the corpus lacks %q:\n%s", want, est.stdout)
		}
	}
	small := cli("lint", "--config", corpusConfig, "--gpu", "v100-16gb", "--model", "openbmb/MiniCPM-V-2_6", corpusFinetune)
	if !regexp.MustCompile(`ds_config_zero2.json:\d+:\d+: error: predicted peak .* exceeds the 15.8 GiB of v100-16gb`).MatchString(small.stdout) {
		t.Errorf("on V100-16GB the LoRA script should run out of memory:\n%s", small.stdout)
	}
}

func corpusArgs() []string {
	return []string{"lint", "--config", corpusConfig, "--model", "openbmb/MiniCPM-V-2_6", corpusFinetune}
}

// TestMiniCPMVWalkthrough checks testdata/minicpmv/WALKTHROUGH.md against
// the runs it shows, or rewrites it with -update.
func TestMiniCPMVWalkthrough(t *testing.T) {
	cli := inRoot(t)
	got := walkthrough(t, cli)
	if *update {
		if err := os.WriteFile(walkthroughPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(walkthroughPath)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/trainlint -run TestMiniCPMVWalkthrough -update)", err)
	}
	if got != string(raw) {
		t.Errorf("%s is stale: run go test ./cmd/trainlint -run TestMiniCPMVWalkthrough -update", walkthroughPath)
	}
}

// scenario is one section of the walkthrough.
type scenario struct {
	dir, title, story string
	fix               bool // show `fix --unsafe`
	estimate          bool
}

var walkthroughScenarios = []scenario{
	{
		dir: "v100-32gb-full-offload", title: "8 × V100-32GB, full fine-tune, ZeRO-3 with optimizer and parameter offload, 500×500 images",
		story:    "The maintainers' advice for 32 GB cards (OpenBMB/MiniCPM-V#147, #380): full fine-tuning works with ZeRO-3 and offload, batch 1, gradient checkpointing, 2048 tokens, images shrunk to about 500×500. A 500×500 image is cut into two slices plus the overview: 3 × 96 = 288 LLM tokens.",
		estimate: true,
	},
	{
		dir: "v100-32gb-full-offload-1344", title: "The same with 1344×1344 images",
		story:    "At 1344×1344 the image is cut into 9 slices plus the overview: 960 LLM tokens and 10 × 1024 vision-tower tokens. MiniCPM-V's SigLIP tower runs eager attention unless FlashAttention-2 is on, which V100s lack, so every slice keeps its 16 × 1024² attention scores: the `vision-activations` share grows. With ZeRO-3 and full offload the 32 GB card still holds it; the maintainers' advice to shrink images to about 500 px (#147, 2024-05-25) predates the script's ZeRO-3 support (#188, 2024-05-31).",
		estimate: true,
	},
	{
		dir: "v100-16gb-full-zero3", title: "8 × V100-16GB, full fine-tune, ZeRO-3 without offload",
		story:    "ZeRO-3 alone leaves each 16 GB card 12 GiB of fp32 master weights and Adam state. Lint ranks what would fit, safe changes first; `fix --unsafe` writes the cheapest variant that fits.",
		estimate: true, fix: true,
	},
	{
		dir: "v100-16gb-lora", title: "1 × V100-16GB, LoRA on the 16-bit base",
		story:    "One card has nothing to shard over, and the 16-bit weights alone (8.5B parameters, plus the full copies of embed_tokens and the resampler that MiniCPM-V's LoRA trains) fill it. The int4 checkpoint (`q_lora: true` with `model_name_or_path: openbmb/MiniCPM-Llama3-V-2_5-int4`) cuts the weights to about 8 GiB at about 1% accuracy (OpenBMB/MiniCPM-V#147).",
		estimate: true, fix: true,
	},
	{
		dir: "v100-bf16", title: "`bf16: true` on V100s",
		story: "V100s (compute capability 7.0) have no bf16; the fix switches to fp16, which finetune.py also loads the model in.",
	},
}

// walkthrough renders the document from real runs.
func walkthrough(t *testing.T, cli func(...string) cmdRun) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# MiniCPM-Llama3-V 2.5 on V100s, end to end\n\n")
	b.WriteString("<!-- generated by `go test ./cmd/trainlint -run TestMiniCPMVWalkthrough -update`; the test fails when it is stale -->\n\n")
	b.WriteString("A team fine-tunes MiniCPM-Llama3-V 2.5 (SigLIP-400M vision tower, a perceiver resampler with 96 queries per slice, " +
		"Llama3-8B) on V100s. Each scenario below is a folder of `testdata/minicpmv/` holding MiniCPM-V `finetune.py` arguments " +
		"(`finetune.yaml`) and the declared hardware and images (`.trainlint.yaml`), with DeepSpeed configs shared from the parent folder; " +
		"every block is the command's real output, run from the repository root.\n\n")
	b.WriteString("| scenario | GPUs | peak GiB per GPU | vision-activations | verdict |\n|---|---|---:|---:|---|\n")
	for _, s := range walkthroughScenarios {
		e := estimateJSON(t, cli, scenarioFile(s.dir))
		verdict := "fits"
		if !e.Fits {
			verdict = "does not fit"
		}
		gpus := "8"
		if s.dir == "v100-16gb-lora" {
			gpus = "1"
		}
		card := "V100-32GB"
		if strings.Contains(s.dir, "16gb") {
			card = "V100-16GB"
		}
		fmt.Fprintf(&b, "| `%s` | %s × %s | %.1f of %.1f | %.2f GiB (%.1f%%) | %s |\n", s.dir, gpus, card, e.PeakGiB, e.CapacityGiB,
			e.Breakdown["vision-activations"], 100*e.visionShare(), verdict)
	}
	b.WriteString("\n")
	for i, s := range walkthroughScenarios {
		fmt.Fprintf(&b, "## %d. %s\n\n%s\n\n", i+1, s.title, s.story)
		path := scenarioFile(s.dir)
		if s.estimate {
			writeRun(&b, cli("estimate", path))
		}
		writeRun(&b, cli("lint", path))
		if s.fix {
			writeRun(&b, cli("fix", "--unsafe", path))
		}
	}
	fmt.Fprintf(&b, "## %d. MiniCPM-V's own finetune scripts\n\n", len(walkthroughScenarios)+1)
	b.WriteString("`finetune_ds.sh` and `finetune_lora.sh` from OpenBMB/MiniCPM-V with the DeepSpeed configs they name, copied unchanged into `" +
		corpusFinetune + "` (commit 0dbb566, Apache-2.0; see its PROVENANCE.md), checked against the team's " +
		"8 × V100-32GB declared in `" + corpusConfig + "` (1344×1344 images, the largest the slicing takes). " +
		"The scripts' MODEL is MiniCPM-o 2.6; `--model` names the checkpoint trained here.\n\n")
	writeRun(&b, cli(corpusArgs()...))
	return b.String()
}

// writeRun writes a command, what it printed (in the order a terminal
// shows it: fix writes its verdict to stderr before the diff) and its exit
// code.
func writeRun(b *strings.Builder, r cmdRun) {
	parts := []string{r.stdout, r.stderr}
	if len(r.args) > 0 && r.args[0] == "fix" {
		parts[0], parts[1] = parts[1], parts[0]
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimRight(p, "\n"); p != "" {
			out = append(out, p)
		}
	}
	fmt.Fprintf(b, "```console\n$ %s\n%s\n```\nexit %d\n\n", r, strings.Join(out, "\n"), r.code)
}
