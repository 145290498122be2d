package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/project"
)

// TestLossKernel: the switches of transformers, LLaMA-Factory and axolotl
// that replace the full logits with a fused or chunked loss.
func TestLossKernel(t *testing.T) {
	for _, tt := range []struct {
		src, want string
	}{
		{"use_liger_kernel: true\n", plan.LossLiger},
		{"enable_liger_kernel: true\n", plan.LossLiger},
		{"liger_fused_linear_cross_entropy: true\n", plan.LossLiger},
		{"cut_cross_entropy: true\n", plan.LossCCE},
		{"use_liger_kernel: false\n", ""},
		{"bf16: true\n", ""},
	} {
		f, err := Parse("train.yaml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		p := &plan.Plan{}
		applyTrainer(p, settings{file: f, root: f.Root})
		if got := p.LossKernel.Or(""); got != tt.want {
			t.Errorf("%q: loss kernel %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestSeqLenMax: the data's longest sample lowers the length a job that pads
// to the longest sample is estimated at; packing and pad_to_max_length keep
// the cap.
func TestSeqLenMax(t *testing.T) {
	pf := &project.File{Path: ".trainlint.yaml", SeqLenMax: project.Setting[int]{V: 1500, Set: true}}
	cap4k := plan.Of(4096, plan.At("train.yaml", 3, 1, "max_seq_length"))
	for _, tt := range []struct {
		name string
		edit func(p *plan.Plan)
		want int
	}{
		{"padded to the longest", func(p *plan.Plan) { p.SeqLen = cap4k }, 1500},
		{"packed", func(p *plan.Plan) { p.SeqLen = cap4k; p.Packing = plan.Of(true, cap4k.From) }, 4096},
		{"pad_to_max_length", func(p *plan.Plan) { p.SeqLen = cap4k; p.PadToMax = plan.Of(true, cap4k.From) }, 4096},
		{"no cap", func(*plan.Plan) {}, 1500},
		{"longer than the cap", func(p *plan.Plan) { p.SeqLen = plan.Of(1024, cap4k.From) }, 1024},
	} {
		p := &plan.Plan{}
		tt.edit(p)
		applySeqLenMax(p, pf)
		if p.SeqLen.V != tt.want || p.SeqLenIs == "" {
			t.Errorf("%s: seq %d (%s), want %d", tt.name, p.SeqLen.V, p.SeqLenIs, tt.want)
		}
	}
}

// TestLLaVALineage: a Trainer launch of a script forked from LLaVA's is read
// as padding each batch to its longest sample, unless it packs or pads to
// the cap; other scripts keep the cap.
func TestLLaVALineage(t *testing.T) {
	const launch = "deepspeed train.py --model_name_or_path meta-llama/Llama-2-7b-hf --model_max_length 2048 --bf16 True"
	for _, c := range []struct {
		name, args string
		want       bool
	}{
		{"projector", " --mm_projector_type mlp2x_gelu", true},
		{"image start and end", " --mm_use_im_start_end False", true},
		{"packed", " --mm_projector_type mlp2x_gelu --packing True", false},
		{"plain trainer", " --lazy_preprocess True", false},
	} {
		p := rlPlanOf(t, "finetune.sh", launch+c.args+"\n")
		if p.PadToLongest.V != c.want {
			t.Errorf("%s: pad to longest %v, want %v", c.name, p.PadToLongest.V, c.want)
		}
	}
}

// TestModelFlagWithoutValue: a model flag whose value is missing (an empty
// variable) names no model.
func TestModelFlagWithoutValue(t *testing.T) {
	p := rlPlanOf(t, "run.sh", "MODEL_PATH=\ntorchrun train.py --model_name_or_path ${MODEL_PATH} --per_device_train_batch_size 2\n")
	if p.ModelRef.Set {
		t.Errorf("model %q from a flag without its value", p.ModelRef.V)
	}
}

// TestFSDPConfigFile: --fsdp_config naming a JSON file is read as that
// file's fsdp_config keys (Liger-Kernel's examples/huggingface run_*.sh).
func TestFSDPConfigFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "config"), 0o755); err != nil {
		t.Fatal(err)
	}
	js := `{"backward_prefetch": "backward_pre", "forward_prefetch": "true", "activation_checkpointing": true, "offload_params": true}`
	if err := os.WriteFile(filepath.Join(dir, "config", "fsdp_config.json"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "run.sh")
	src := "torchrun --nproc-per-node=4 training.py --model_name_or_path meta-llama/Meta-Llama-3-8B --bf16 --fsdp \"full_shard auto_wrap\" --fsdp_config config/fsdp_config.json\n"
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{script}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 4}})
	if len(res.Jobs) != 1 {
		t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
	}
	j := res.Jobs[0]
	if j.FSDPConfig == nil {
		t.Fatal("the --fsdp_config file is not attached")
	}
	p := j.Plan
	if p.FSDP.Mode.V != "full_shard" || !p.GradientCheckpointing.V || p.GradientCheckpointing.From.File != j.FSDPConfig.Path || !p.FSDP.CPUOffload.V {
		t.Errorf("fsdp %q, checkpointing %v from %s, offload %v; want full_shard, true from %s, true",
			p.FSDP.Mode.V, p.GradientCheckpointing.V, p.GradientCheckpointing.From.File, p.FSDP.CPUOffload.V, j.FSDPConfig.Path)
	}
}

// TestScriptModelFlags: a launch names the model with its script's own
// --model_id or --model_name (an abbreviation of --model_name_or_path),
// unless a standard key or ms-swift's --model names it; a config file's
// model_name is not read as the model.
func TestScriptModelFlags(t *testing.T) {
	for _, tt := range []struct {
		name, file, src, want string
	}{
		{"2U1 model_id", "finetune.sh", "deepspeed src/train/train_sft.py --deepspeed zero3.json --model_id google/gemma-3-4b-it --bf16 True --output_dir out\n", "google/gemma-3-4b-it"},
		{"ProLong model_name", "train.sh", "torchrun --nproc-per-node 8 -m training.train_language_model --model_name meta-llama/Meta-Llama-3-8B-Instruct --output_dir out --bf16\n", "meta-llama/Meta-Llama-3-8B-Instruct"},
		{"model_name_or_path first", "train.sh", "torchrun train.py --model_name_or_path Qwen/Qwen2.5-7B --model_name my-run --output_dir out\n", "Qwen/Qwen2.5-7B"},
		{"ms-swift self-cognition name", "train.sh", "accelerate launch swift/cli/sft.py --model Qwen/Qwen2.5-7B-Instruct --model_name swift-robot --output_dir out\n", "Qwen/Qwen2.5-7B-Instruct"},
		{"config file", "train.yaml", "model_name: my-run\noutput_dir: out\nper_device_train_batch_size: 1\nlearning_rate: 1.0e-5\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := rlPlanOf(t, tt.file, tt.src)
			if got := p.ModelRef.Or(""); got != tt.want {
				t.Errorf("model %q, want %q", got, tt.want)
			}
		})
	}
}
