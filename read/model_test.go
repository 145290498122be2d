package read

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/project"
)

// Architectures the tests place in folders and caches: the parser knows both.
var (
	qwenConfig  = mustRead("../testdata/models/qwen2-0.5b.json")
	llamaConfig = mustRead("../testdata/models/llama-3.2-1b.json")
)

func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// tree writes files (path → content) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// envOf is an environment holding only vars, so the machine's own caches
// never decide a test.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// onePlan loads path and returns its only job's plan.
func onePlan(t *testing.T, path string, opts Options) *plan.Plan {
	t.Helper()
	if opts.Env == nil {
		opts.Env = envOf(nil)
	}
	res := Load([]string{path}, opts)
	for _, err := range res.Errors {
		t.Fatalf("load error: %v", err)
	}
	if len(res.Jobs) != 1 {
		t.Fatalf("%d jobs, want 1", len(res.Jobs))
	}
	return res.Jobs[0].Plan
}

const trainerNaming = "output_dir: out\nbf16: true\nmodel_name_or_path: "

// TestHubCache finds a hub id in the Hugging Face cache laid out as
// huggingface_hub writes it, wherever the environment puts the cache.
func TestHubCache(t *testing.T) {
	const repo = "models--acme--tiny-qwen"
	snapshot := map[string]string{
		repo + "/refs/main":                    "abc123\n",
		repo + "/snapshots/abc123/config.json": qwenConfig,
		repo + "/snapshots/old999/config.json": llamaConfig,
	}
	for _, tc := range []struct {
		name   string
		prefix string // where the hub folder sits under the temporary root
		env    func(root string) map[string]string
	}{
		{"HF_HUB_CACHE", "cache/", func(r string) map[string]string { return map[string]string{"HF_HUB_CACHE": filepath.Join(r, "cache")} }},
		{"HUGGINGFACE_HUB_CACHE", "legacy/", func(r string) map[string]string {
			return map[string]string{"HUGGINGFACE_HUB_CACHE": filepath.Join(r, "legacy")}
		}},
		{"HF_HOME", "hfhome/hub/", func(r string) map[string]string { return map[string]string{"HF_HOME": filepath.Join(r, "hfhome")} }},
		{"XDG_CACHE_HOME", "xdg/huggingface/hub/", func(r string) map[string]string {
			return map[string]string{"XDG_CACHE_HOME": filepath.Join(r, "xdg")}
		}},
		{"HOME", "home/.cache/huggingface/hub/", func(r string) map[string]string { return map[string]string{"HOME": filepath.Join(r, "home")} }},
		{"HF_HUB_CACHE wins over HF_HOME", "cache/", func(r string) map[string]string {
			return map[string]string{"HF_HUB_CACHE": filepath.Join(r, "cache"), "HF_HOME": filepath.Join(r, "nothing")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"job/train.yaml": trainerNaming + "acme/tiny-qwen\n"}
			for k, v := range snapshot {
				files[tc.prefix+k] = v
			}
			root := tree(t, files)
			p := onePlan(t, filepath.Join(root, "job/train.yaml"), Options{Env: envOf(tc.env(root))})
			if !p.Model.Set || p.Model.V.ID != "acme/tiny-qwen" || p.Model.V.Text.Arch != "qwen2" {
				t.Fatalf("model %+v (gaps %v)", p.Model.V.ID, p.MemoryGaps)
			}
			if !strings.Contains(p.Model.From.Note, "Hugging Face hub cache") || !strings.Contains(p.Model.From.Note, "abc123") {
				t.Errorf("origin %q does not say it came from refs/main's snapshot", p.Model.From.Note)
			}
		})
	}
}

// TestHubCacheNoRefs takes the newest snapshot when refs/main is missing.
func TestHubCacheNoRefs(t *testing.T) {
	root := tree(t, map[string]string{
		"train.yaml": trainerNaming + "acme/tiny\n",
		"hub/models--acme--tiny/snapshots/old/config.json": qwenConfig,
		"hub/models--acme--tiny/snapshots/new/config.json": llamaConfig,
	})
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(root, "hub/models--acme--tiny/snapshots/old/config.json"), old, old); err != nil {
		t.Fatal(err)
	}
	p := onePlan(t, filepath.Join(root, "train.yaml"), Options{Env: envOf(map[string]string{"HF_HUB_CACHE": filepath.Join(root, "hub")})})
	if !p.Model.Set || p.Model.V.Text.Arch != "llama" {
		t.Fatalf("model %q %q, want the newest snapshot's llama (gaps %v)", p.Model.V.ID, p.Model.V.Text.Arch, p.MemoryGaps)
	}
}

// TestModelScopeCache finds ORG/NAME in both of ModelScope's layouts, with
// the dots of a name stored as "___".
func TestModelScopeCache(t *testing.T) {
	for _, tc := range []struct{ name, folder string }{
		{"current layout", "models/acme/tiny-qwen"},
		{"older layout", "acme/tiny-qwen"},
		{"masked dots", "models/acme/tiny___5-qwen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := "acme/tiny-qwen"
			if strings.Contains(tc.folder, "___") {
				id = "acme/tiny.5-qwen"
			}
			root := tree(t, map[string]string{
				"train.yaml":                       trainerNaming + id + "\n",
				"ms/" + tc.folder + "/config.json": qwenConfig,
			})
			p := onePlan(t, filepath.Join(root, "train.yaml"), Options{Env: envOf(map[string]string{"MODELSCOPE_CACHE": filepath.Join(root, "ms")})})
			if !p.Model.Set || p.Model.V.ID != id || !strings.Contains(p.Model.From.Note, "ModelScope") {
				t.Fatalf("model %q from %q (gaps %v)", p.Model.V.ID, p.Model.From.Note, p.MemoryGaps)
			}
		})
	}
	// The default location is under the home folder.
	root := tree(t, map[string]string{
		"train.yaml": trainerNaming + "acme/tiny-qwen\n",
		"h/.cache/modelscope/hub/models/acme/tiny-qwen/config.json": qwenConfig,
	})
	p := onePlan(t, filepath.Join(root, "train.yaml"), Options{Env: envOf(map[string]string{"HOME": filepath.Join(root, "h")})})
	if !p.Model.Set {
		t.Fatalf("default ModelScope cache not searched: %v", p.MemoryGaps)
	}
}

// TestLocalModelPaths resolves a model path the way a launcher would: next
// to the naming file, in a folder above it up to the repository root, then
// in the working directory.
func TestLocalModelPaths(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":                    "ref: refs/heads/main\n",
		"models/tiny/config.json":      qwenConfig,
		"configs/sft/train.yaml":       trainerNaming + "models/tiny\n",
		"configs/sft/near.yaml":        trainerNaming + "./ckpt\n",
		"configs/sft/ckpt/config.json": llamaConfig,
		"configs/sft/file.yaml":        trainerNaming + "../../models/tiny/config.json\n",
		"scripts/run.sh":               "#!/bin/bash\ntorchrun --nproc_per_node 8 train.py --model_name_or_path models/tiny --output_dir out\n",
	})
	for _, tc := range []struct{ file, arch string }{
		{"configs/sft/train.yaml", "qwen2"}, // two folders up, at the repository root
		{"configs/sft/near.yaml", "llama"},  // next to the file
		{"configs/sft/file.yaml", "qwen2"},  // a config.json path
		{"scripts/run.sh", "qwen2"},         // a launch argument, from the repository root
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := onePlan(t, filepath.Join(root, tc.file), Options{})
			if !p.Model.Set || p.Model.V.Text.Arch != tc.arch || !strings.Contains(p.Model.From.Note, "local folder") {
				t.Fatalf("model %q (%s) from %q, want %s (gaps %v)", p.Model.V.ID, p.Model.V.Text.Arch, p.Model.From.Note, tc.arch, p.MemoryGaps)
			}
		})
	}
	t.Run("working directory", func(t *testing.T) {
		elsewhere := tree(t, map[string]string{".git/HEAD": "x\n", "a/train.yaml": trainerNaming + "models/tiny\n"})
		t.Chdir(root)
		p := onePlan(t, filepath.Join(elsewhere, "a/train.yaml"), Options{})
		if !p.Model.Set || p.Model.V.Text.Arch != "qwen2" {
			t.Fatalf("not found from the working directory: %v", p.MemoryGaps)
		}
	})
}

// TestModelVariable resolves a model a script names through a variable it
// sets, and records a gap for one it does not.
func TestModelVariable(t *testing.T) {
	root := tree(t, map[string]string{
		"set.sh":   "#!/bin/bash\nMODEL=Qwen/Qwen2.5-7B-Instruct\ntorchrun --nproc_per_node 8 train.py --model_name_or_path $MODEL --output_dir out\n",
		"unset.sh": "#!/bin/bash\ntorchrun --nproc_per_node 8 train.py --model_name_or_path \"$MODEL_DIR\" --output_dir out\n",
	})
	p := onePlan(t, filepath.Join(root, "set.sh"), Options{})
	if !p.Model.Set || p.Model.V.ID != "Qwen/Qwen2.5-7B" {
		t.Fatalf("model %q, gaps %v", p.Model.V.ID, p.MemoryGaps)
	}
	p = onePlan(t, filepath.Join(root, "unset.sh"), Options{})
	if p.Model.Set || len(p.MemoryGaps) == 0 || !strings.Contains(p.MemoryGaps[len(p.MemoryGaps)-1].What, "$MODEL_DIR") {
		t.Fatalf("gaps %+v", p.MemoryGaps)
	}
}

// TestModelPrecedence: a declared config.json beats what the configs name,
// --model beats the project file, and an unknown name is a gap, not an
// error.
func TestModelPrecedence(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":            "x\n",
		"cfg/config.json":      llamaConfig,
		"bad/config.json":      "{not json",
		"odd/config.json":      `{"model_type": "acme_arch"}`,
		"train.yaml":           trainerNaming + "Qwen/Qwen2.5-7B\n",
		"unknown.yaml":         trainerNaming + "acme/secret-13b\n",
		"proj/.trainlint.yaml": "model_config: ../cfg\n",
		"proj/train.yaml":      trainerNaming + "acme/secret-13b\n",
	})
	train := filepath.Join(root, "train.yaml")
	p := onePlan(t, train, Options{Overrides: Overrides{ModelConfig: filepath.Join(root, "cfg/config.json")}})
	if p.Model.V.Text.Arch != "llama" || p.Model.From.Kind != plan.FromFlag {
		t.Errorf("--model-config: %q from %v", p.Model.V.Text.Arch, p.Model.From)
	}
	p = onePlan(t, filepath.Join(root, "proj/train.yaml"), Options{})
	if p.Model.V.Text.Arch != "llama" || p.Model.From.Kind != plan.FromProject {
		t.Errorf("model_config: %q from %v, gaps %v", p.Model.V.Text.Arch, p.Model.From, p.MemoryGaps)
	}
	p = onePlan(t, filepath.Join(root, "proj/train.yaml"), Options{Overrides: Overrides{Model: "Qwen/Qwen2.5-0.5B"}})
	if p.Model.V.ID != "Qwen/Qwen2.5-0.5B" {
		t.Errorf("--model must override model_config:, got %q", p.Model.V.ID)
	}
	for _, tc := range []struct {
		name string
		ov   Overrides
		file string
		kind string // the gap's kind
	}{
		{"unknown in the config", Overrides{}, "unknown.yaml", gapUnknownModel},
		{"unknown --model", Overrides{Model: "nosuch/model"}, "train.yaml", gapUnknownModel},
		{"unreadable model_type", Overrides{ModelConfig: filepath.Join(root, "odd")}, "train.yaml", gapModelConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := onePlan(t, filepath.Join(root, tc.file), Options{Overrides: tc.ov, Catalog: nil})
			if p.Model.Set || len(p.MemoryGaps) == 0 || p.MemoryGaps[len(p.MemoryGaps)-1].Kind != tc.kind {
				t.Fatalf("model %q, gaps %+v", p.Model.V.ID, p.MemoryGaps)
			}
		})
	}
	// A declared config.json that cannot be read is an input error.
	res := Load([]string{train}, Options{Env: envOf(nil), Overrides: Overrides{ModelConfig: filepath.Join(root, "bad")}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "--model-config:") || !strings.Contains(res.Errors[0].Error(), "not valid JSON") {
		t.Errorf("errors %v", res.Errors)
	}
	pf, err := project.Parse(filepath.Join(root, "p.yaml"), []byte("model_config: missing/config.json\n"))
	if err != nil {
		t.Fatal(err)
	}
	res = Load([]string{train}, Options{Env: envOf(nil), Project: pf})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "p.yaml:1:15: model_config: cannot read") {
		t.Errorf("errors %v", res.Errors)
	}
}

// TestFolderNameGuess takes a catalog model from the last folder of a path
// that is not on this machine, and says so.
func TestFolderNameGuess(t *testing.T) {
	root := tree(t, map[string]string{"train.yaml": trainerNaming + "/data/models/Meta-Llama-3.1-8B-Instruct\n"})
	p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
	if p.Model.V.ID != "meta-llama/Llama-3.1-8B" || !strings.Contains(strings.Join(p.Assumptions, "\n"), "not on this machine") {
		t.Fatalf("model %q, assumptions %v", p.Model.V.ID, p.Assumptions)
	}
}

// TestParentFolderGuess takes a catalog model from the last two folders of
// a path that is not on this machine when the last alone names none, and
// never guesses from two folders that name no catalog id or alias.
func TestParentFolderGuess(t *testing.T) {
	for path, want := range map[string]string{
		"model_zoo/LLM/vicuna/7B-V1.5":           "meta-llama/Llama-2-7b-hf",
		"/ckpt/lmsys/vicuna-13b-v1.5/":           "meta-llama/Llama-2-13b-hf",
		"checkpoints/meta-llama/Meta-Llama-3-8B": "meta-llama/Meta-Llama-3-8B",
		"runs/train/stage1_9tile/model":          "",
		"../hf_llama2_models/7B":                 "meta-llama/Llama-2-7b-hf",
		"../hf_llama2_models/70B":                "meta-llama/Llama-2-70b-hf",
		"/data/hf_models/7B":                     "",
		"~/model_weights/llama-7b":               "huggyllama/llama-7b",
		"model_zoo/LLM/gemma/gemma-2b-it":        "google/gemma-2b",
	} {
		root := tree(t, map[string]string{"train.yaml": trainerNaming + path + "\n"})
		p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
		if got := p.Model.V.ID; got != want || (want != "" && !strings.Contains(strings.Join(p.Assumptions, "\n"), "not on this machine")) {
			t.Errorf("%s: model %q, want %q; assumptions %v", path, got, want, p.Assumptions)
		}
	}
}

// TestAdapterFolder follows a PEFT adapter folder to the base model its
// adapter_config.json names, as from_pretrained does.
func TestAdapterFolder(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":                    "x\n",
		"out/lora/adapter_config.json": `{"base_model_name_or_path": "Qwen/Qwen2.5-0.5B-Instruct", "peft_type": "LORA"}`,
		"out/loop/adapter_config.json": `{"base_model_name_or_path": "out/loop"}`,
		"train.yaml":                   trainerNaming + "out/lora\n",
		"loop.yaml":                    trainerNaming + "out/loop\n",
	})
	p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
	if p.Model.V.ID != "Qwen/Qwen2.5-0.5B" || !strings.Contains(strings.Join(p.Assumptions, "\n"), "PEFT adapter") {
		t.Fatalf("model %q, assumptions %v, gaps %v", p.Model.V.ID, p.Assumptions, p.MemoryGaps)
	}
	p = onePlan(t, filepath.Join(root, "loop.yaml"), Options{})
	if p.Model.Set || len(p.MemoryGaps) == 0 {
		t.Fatalf("an adapter naming itself resolved to %q", p.Model.V.ID)
	}
}

// TestNotModelledGap: a model the catalog knows and does not model gets a
// gap that says why, not only that it is unknown.
func TestNotModelledGap(t *testing.T) {
	root := tree(t, map[string]string{"train.yaml": trainerNaming + "ai21labs/Jamba-v0.1\n"})
	p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
	if p.Model.Set {
		t.Fatalf("model %q", p.Model.V.ID)
	}
	i := slices.IndexFunc(p.MemoryGaps, func(g plan.MemoryGap) bool { return g.Kind == gapUnknownModel })
	if i < 0 || !strings.Contains(p.MemoryGaps[i].Detail, "Mamba") || p.MemoryGaps[i].Fix == "" {
		t.Errorf("gaps %+v do not say why Jamba is not modelled, or how to check it anyway", p.MemoryGaps)
	}
}

// TestFamilySizeGuess takes a catalog model from the family and size words
// of a name no catalog entry matches, says so in the assumptions and in
// ModelGuess (which makes a memory verdict a warning), and leaves a name
// that could mean several models unknown with the reason in its gap.
func TestFamilySizeGuess(t *testing.T) {
	for path, want := range map[string]string{
		"/model/yahma_llama_7b":         "huggyllama/llama-7b",
		"./checkpoints/llama-2-13b-sft": "meta-llama/Llama-2-13b-hf",
		"someone/qwen2.5_7b_sft":        "Qwen/Qwen2.5-7B",
		"./checkpoints/vicuna-7b-sft":   "", // v1.3 or v1.5
		"/ckpt/llama_merged":            "",
	} {
		t.Run(path, func(t *testing.T) {
			root := tree(t, map[string]string{"train.yaml": trainerNaming + path + "\n"})
			p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
			if got := p.Model.V.ID; got != want {
				t.Fatalf("model %q, want %q; gaps %v", got, want, p.MemoryGaps)
			}
			if want != "" {
				if !strings.Contains(p.ModelGuess, path) || !strings.Contains(strings.Join(p.Assumptions, "\n"), want) {
					t.Errorf("guess %q, assumptions %v", p.ModelGuess, p.Assumptions)
				}
				return
			}
			i := slices.IndexFunc(p.MemoryGaps, func(g plan.MemoryGap) bool { return g.Kind == gapUnknownModel })
			if p.ModelGuess != "" || i < 0 || !strings.Contains(p.MemoryGaps[i].Detail, "no guess from its name") {
				t.Errorf("guess %q, gaps %+v", p.ModelGuess, p.MemoryGaps)
			}
		})
	}
}

// TestCheckpointFolderGuess names the model of a path that ends in the
// folders a trainer names after its step (checkpoint-N, verl's
// global_step_N/actor/huggingface) by the folder above them, and never
// takes a step folder alone for a model.
func TestCheckpointFolderGuess(t *testing.T) {
	for path, want := range map[string]string{
		"/data/models/Qwen2.5-7B-Instruct/checkpoint-500":                     "Qwen/Qwen2.5-7B",
		"/dfs/models/qwen/qwen3-8b-sft-v1/global_step_66":                     "Qwen/Qwen3-8B",
		"/ckpt/llama-2-13b-sft/global_step_100/actor/huggingface":             "meta-llama/Llama-2-13b-hf",
		"/ckpt/run/global_step_100/actor/huggingface":                         "",
		"/exp/checkpoint-1000":                                                "",
		"/data/models/Qwen2.5-7B-Instruct/checkpoint-500/../checkpoint-final": "",
	} {
		t.Run(path, func(t *testing.T) {
			root := tree(t, map[string]string{"train.yaml": trainerNaming + path + "\n"})
			p := onePlan(t, filepath.Join(root, "train.yaml"), Options{})
			if got := p.Model.V.ID; got != want {
				t.Fatalf("model %q, want %q; gaps %v", got, want, p.MemoryGaps)
			}
			if want != "" && !strings.Contains(strings.Join(p.Assumptions, "\n"), "names after its step") {
				t.Errorf("assumptions %v", p.Assumptions)
			}
		})
	}
}
