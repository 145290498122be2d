package shell

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared corpus of real training setups, next to the repository.
const corpusDir = "../../shared/corpus"

// corpusScripts returns every *.sh of the corpus, skipping the test when the
// corpus is not there.
func corpusScripts(t testing.TB) []string {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var paths []string
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".sh" {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", corpusDir, err)
	}
	return paths
}

// TestCorpus parses every launch script of the shared corpus: none may fail
// or panic, and the launches known to be there must be found.
func TestCorpus(t *testing.T) {
	scripts := corpusScripts(t)
	parsed := map[string]*Script{}
	commands, sized := 0, 0
	for _, p := range scripts {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Parse(p, src)
		if err != nil {
			t.Errorf("Parse(%s): %v", p, err)
			continue
		}
		rel, _ := filepath.Rel(corpusDir, p)
		parsed[filepath.ToSlash(rel)] = sc
		known := 0
		for _, c := range sc.Commands {
			n, how, ok := c.WorldSize()
			if ok {
				known++
			}
			t.Logf("  %s:%s %s %s → %d %q ok=%v", rel, c.Pos, c.Launcher, c.Program.Text, n, how, ok)
		}
		commands += len(sc.Commands)
		sized += known
		t.Logf("%s: %d launch commands, %d with a known world size", rel, len(sc.Commands), known)
	}
	t.Logf("corpus: %d scripts, %d launch commands, %d with a statically known world size", len(scripts), commands, sized)
	for _, k := range knownLaunches {
		t.Run(k.script, func(t *testing.T) {
			sc := parsed[k.script]
			if sc == nil {
				t.Skipf("%s is not in this corpus", k.script)
			}
			if len(sc.Commands) != k.commands {
				t.Fatalf("found %d launch commands, want %d", len(sc.Commands), k.commands)
			}
			if k.commands == 0 {
				return
			}
			c := sc.Commands[k.index]
			if c.Launcher != k.launcher {
				t.Errorf("launcher %q, want %q", c.Launcher, k.launcher)
			}
			if c.Program.Text != k.program {
				t.Errorf("program %q, want %q", c.Program.Text, k.program)
			}
			if k.flag != "" {
				if _, v, ok := c.Flag(k.flag); !ok || v.Text != k.value {
					t.Errorf("--%s is %q (found %v), want %q", k.flag, v.Text, ok, k.value)
				}
			}
			if k.absent != "" {
				if _, v, ok := c.Flag(k.absent); ok {
					t.Errorf("--%s found (%q) but it is set only in a branch that cannot run", k.absent, v.Text)
				}
			}
			n, how, ok := c.WorldSize()
			if ok != (k.world > 0) || n != k.world {
				t.Errorf("world size %d ok=%v (%s), want %d", n, ok, how, k.world)
			}
			if k.how != "" && !strings.Contains(how, k.how) {
				t.Errorf("world size explained as %q, want it to mention %q", how, k.how)
			}
		})
	}
}

// knownLaunches are launches checked by hand in the corpus scripts: what
// the script launches, one program flag and the world size (0: unknown,
// with how naming the reason).
var knownLaunches = []struct {
	script          string
	commands, index int
	launcher        string
	program         string
	flag, value     string
	absent          string
	world           int
	how             string
}{
	{script: "OpenBMB__MiniCPM-V/finetune/finetune_ds.sh", commands: 1, launcher: Torchrun, program: "finetune.py",
		flag: "deepspeed", value: "ds_config_zero3.json", world: 8, how: "--nproc_per_node 8 × --nnodes 1"},
	{script: "lm-sys__FastChat/scripts/train_vicuna_7b.sh", commands: 1, launcher: Torchrun, program: "fastchat/train/train_mem.py",
		flag: "gradient_checkpointing", value: "True", world: 4},
	{script: "OpenGVLab__InternVL/internvl_chat/shell/internvl2.5/stage1/internvl2_5_8b_internlm2_5_7b_dynamic_res_stage1.sh",
		commands: 1, launcher: Srun, program: "internvl/train/internvl_chat_pretrain.py",
		flag: "deepspeed", value: "zero_stage1_config.json", world: 512, how: "--ntasks"},
	{script: "allenai__open-instruct/scripts/finetune_with_accelerate_config.sh", commands: 1, launcher: Accelerate,
		program: "open_instruct/finetune.py", how: "$1"},
	{script: "deepspeedai__DeepSpeedExamples/training/DeepSpeed-ZenFlow/finetuning/finetune_llama.sh", commands: 1,
		launcher: Deepspeed, program: "finetune_llama.py", flag: "deepspeed_config", value: "./zf_config.json", world: 2},
	{script: "microsoft__Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama/finetune_llama.sh", commands: 1,
		launcher: Deepspeed, program: "finetune_llama.py", flag: "tensor-model-parallel-size", value: "2", how: "every GPU"},
	{script: "microsoft__Megatron-DeepSpeed/examples_deepspeed/pretrain_llama2_distributed.sh", commands: 1,
		launcher: Torchrun, program: "pretrain_gpt.py", flag: "zero-stage", value: "0",
		absent: "deepspeed-activation-checkpointing", world: 8},
	{script: "huggingface__accelerate/examples/slurm/submit_multinode.sh", commands: 1, launcher: Accelerate,
		program: "/accelerate/examples/complete_nlp_example.py", flag: "mixed_precision", value: "fp16", world: 16,
		how: "--num_processes 16"}, // $SLURM_NNODES from #SBATCH --nodes=4, × GPUS_PER_NODE 4
	{script: "hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.sh", commands: 1, launcher: LlamaFactoryCLI,
		program: "llamafactory-cli", flag: "lora_rank", value: "8", how: "run time"},
	{script: "hiyouga__LLaMA-Factory/examples/extras/fsdp_qlora/train.sh", commands: 1, launcher: Accelerate,
		program: "src/train.py", how: "examples/accelerate/fsdp_config.yaml"},
	{script: "bigscience-workshop__Megatron-DeepSpeed/run_bf16.sh", commands: 1, launcher: Deepspeed,
		program: "`pwd`/pretrain_gpt.py", flag: "zero-stage", value: "0", how: "$WORKER_STR"},
	{script: "allenai__open-instruct/scripts/dpo_train_with_qlora.sh", commands: 2, index: 1, launcher: Python,
		program: "open_instruct/merge_lora.py", world: 1},
	{script: "huggingface__alignment-handbook/recipes/pref_align_scan/launch_scan.sh"},
}
