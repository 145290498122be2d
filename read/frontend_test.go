package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestFrontendRegistry: every frontend is named once, says what it reads,
// and has what its role needs to be read at all.
func TestFrontendRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, fe := range frontends {
		t.Run(fe.name, func(t *testing.T) {
			if fe.name == "" || seen[fe.name] {
				t.Fatalf("frontend name %q is empty or repeated", fe.name)
			}
			seen[fe.name] = true
			if fe.reads == "" {
				t.Error("reads is empty: the README's list of frontends would not say what it reads")
			}
			switch fe.role {
			case argsRole:
				if (fe.owns == nil || fe.apply == nil) && fe.command == nil {
					t.Error("an args frontend needs owns and apply, or a command")
				}
			case trainerRole:
				if fe.apply == nil {
					t.Error("the Trainer frontend needs apply")
				}
			case launcherRole, engineRole:
				if fe.config == nil {
					t.Error("a config frontend needs config")
				}
			}
			var spells map[string]map[string]Spelling
			if fe.spells != nil {
				spells = fe.spells()
			}
			for recipe, m := range spells {
				if len(m) == 0 {
					t.Errorf("spells for recipe %q are empty", recipe)
				}
				for key, s := range m {
					if s.Refuse && s.Key != "" {
						t.Errorf("recipe %q: %q both refused and spelled %q", recipe, key, s.Key)
					}
				}
				if got := Spellings(&Job{Plan: &plan.Plan{Recipe: plan.Of(recipe, plan.Origin{})}}); len(got) != len(m) {
					t.Errorf("Spellings of recipe %q does not find this frontend's table", recipe)
				}
			}
		})
	}
	if Spellings(&Job{}) != nil || Spellings(&Job{Plan: &plan.Plan{Recipe: plan.Of("no-such-recipe", plan.Origin{})}}) != nil {
		t.Error("Spellings of an unknown recipe is not nil")
	}
}

// TestDeclinedByName: what a frontend reads but the estimate does not model
// is named as a gap, not estimated as something else.
func TestDeclinedByName(t *testing.T) {
	for _, c := range []struct{ name, file, src, want string }{
		{"axolotl context parallel", "a.yaml", "base_model: meta-llama/Llama-3.1-8B\nsequence_len: 500000\nmicro_batch_size: 1\nadapter: lora\ncontext_parallel_size: 8\n",
			"axolotl config: not read: context_parallel_size 8"},
		{"axolotl tensor parallel", "a.yaml", "base_model: meta-llama/Llama-3.1-8B\nsequence_len: 2048\nmicro_batch_size: 1\ntensor_parallel_size: 2\n",
			"axolotl config: not read: tensor_parallel_size 2"},
		{"LLaMA-Factory BAdam", "l.yaml", "model_name_or_path: m\nstage: sft\nfinetuning_type: full\ntemplate: llama3\ncutoff_len: 2048\nuse_badam: true\n",
			"LLaMA-Factory config: not read: use_badam"},
		{"LLaMA-Factory OFT", "l.yaml", "model_name_or_path: m\nstage: sft\nfinetuning_type: oft\ntemplate: llama3\ncutoff_len: 2048\n",
			"LLaMA-Factory config: not read: finetuning_type oft"},
		{"LLaMA-Factory Megatron", "l.yaml", "model_name_or_path: m\nstage: sft\nfinetuning_type: full\ntemplate: qwen3\ncutoff_len: 4096\npipeline_model_parallel_size: 4\n",
			"LLaMA-Factory config: not read: pipeline_model_parallel_size 4"},
		{"xtuner", "run.sh", "NPROC_PER_NODE=8 xtuner train internlm2_chat_7b_qlora_oasst1_e3 --deepspeed deepspeed_zero2\n",
			"xtuner not modelled: internlm2_chat_7b_qlora_oasst1_e3"},
		{"mmengine", "run.sh", "python tools/train.py configs/x.py --launcher pytorch\n", "mmengine config: not read: configs/x.py"},
		{"xtuner v1 --config", "run.sh", "torchrun --nproc_per_node=8 xtuner/v1/train/cli/sft.py --config configs/internvideo3_sft.py\n", "Python config: not read: configs/internvideo3_sft.py"},
		{"llm-foundry", "ft.yaml", "variables:\n  global_seed: 17\nseed: ${variables.global_seed}\nmax_seq_len: 2048\nmodel:\n  name: hf_causal_lm\n  pretrained_model_name_or_path: mosaicml/mpt-7b\n" +
			"train_loader:\n  name: finetuning\nglobal_train_batch_size: 64\ndevice_train_microbatch_size: 8\n",
			"llm-foundry config: not read: model mosaicml/mpt-7b"},
		{"llm-foundry, model built from its own keys", "pt.yaml", "max_seq_len: 2048\nmodel:\n  name: mpt_causal_lm\n  d_model: 768\ntrain_loader:\n  name: text\nglobal_train_batch_size: 256\nprecision: amp_bf16\n",
			"llm-foundry config: not read"},
		{"AReaL", "grpo.yaml", "experiment_name: gsm8k-grpo\ntrial_name: trial0\nseed: 1\ntotal_train_epochs: 10\ncluster:\n  n_nodes: 1\n  n_gpus_per_node: 8\n" +
			"rollout:\n  backend: \"sglang:d4p1t1\"\nactor:\n  backend: \"fsdp:d4p1t1\"\n  path: Qwen/Qwen2.5-1.5B-Instruct\n",
			"AReaL config: not read: model Qwen/Qwen2.5-1.5B-Instruct"},
		{"align-anything", "sft.yaml", "train_cfgs:\n  ds_cfgs: ds_z3_config.json\n  per_device_train_batch_size: 1\ndata_cfgs:\n  train_datasets: null\n" +
			"logger_cfgs:\n  log_type: wandb\nmodel_cfgs:\n  model_name_or_path: meta-llama/Llama-3.1-8B-Instruct\n  model_max_length: 4096\n",
			"align-anything config: not read: model meta-llama/Llama-3.1-8B-Instruct"},
		{"align-anything PPO, no model set", "ppo.yaml", "train_cfgs:\n  ds_cfgs: ds_z3_config.json\ndata_cfgs:\n  train_datasets: null\nmodel_cfgs:\n  actor_model_name_or_path: null\n",
			"align-anything config: not read"},
		{"oumi", "train.yaml", "model:\n  model_name: \"Qwen/Qwen3-8B\"\n  model_max_length: 32768\ndata:\n  train:\n    datasets:\n      - dataset_name: \"yahma/alpaca-cleaned\"\n" +
			"training:\n  trainer_type: \"TRL_SFT\"\n  per_device_train_batch_size: 2\n  gradient_accumulation_steps: 8\n",
			"oumi config: not read: model Qwen/Qwen3-8B"},
		{"mistral-finetune, its optim a mapping", "7B.yaml", "data:\n  instruct_data: \"\"\nmodel_id_or_path: \"\"\nlora:\n  rank: 64\nseq_len: 32768\nbatch_size: 1\nmax_steps: 300\n" +
			"optim:\n  lr: 6.e-5\n  weight_decay: 0.1\nseed: 0\nrun_dir: \"\"\n",
			"mistral-finetune config: not read"},
		{"moshi-finetune", "moshi_7B.yaml", "data:\n  train_data: \"\"\nmoshi_paths:\n  hf_repo_id: \"kyutai/moshiko-pytorch-bf16\"\nfull_finetuning: false\nlora:\n  enable: true\n" +
			"duration_sec: 100\nbatch_size: 16\nmax_steps: 2000\ngradient_checkpointing: true\noptim:\n  lr: 2.e-6\nseed: 0\nrun_dir: \"\"\n",
			"moshi-finetune config: not read"},
		{"LMFlow iterative DPO", "iterative_dpo.yaml", "model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\nreward_model_name_or_path: sfairXC/FsfairX-LLaMA3-RM-v0.1\n" +
			"do_response_generation: True\ndo_scoring: True\ndo_dpo_align: True\nuse_vllm: True\nvllm_gpu_memory_utilization: 0.95\nper_device_train_batch_size: 1\n",
			"LMFlow iterative DPO config: not read: model meta-llama/Meta-Llama-3-8B-Instruct"},
		{"ROLL", "rlvr_config.yaml", "exp_name: qwen3-8B-rlvr\nnum_gpus_per_node: 8\noutput_dir: ./output\nlogging_steps: 1\npretrain: Qwen/Qwen3-8B\n" +
			"actor_train:\n  training_args:\n    per_device_train_batch_size: 2\n  device_mapping: list(range(0,16))\nactor_infer:\n  device_mapping: list(range(0,12))\n",
			"ROLL config: not read: model Qwen/Qwen3-8B"},
		{"AutoTrain text classification", "hub_dataset.yml", "task: text_classification\nbase_model: google-bert/bert-base-uncased\nproject_name: p\nlog: tensorboard\nbackend: local\n" +
			"data:\n  path: stanfordnlp/imdb\n  train_split: train\nparams:\n  max_seq_length: 512\n  batch_size: 8\n",
			"AutoTrain config: not read: task text_classification: model google-bert/bert-base-uncased"},
		{"H2O LLM Studio", "cfg.yaml", "architecture:\n  backbone_dtype: int4\n  gradient_checkpointing: true\nexperiment_name: e\nllm_backbone: h2oai/h2o-danube2-1.8b-base\n" +
			"problem_type: text_causal_language_modeling\ntraining:\n  batch_size: 2\n  lora: true\n",
			"H2O LLM Studio config: not read: model h2oai/h2o-danube2-1.8b-base"},
		{"DistillKit, its TrainingArguments under training_args", "distill.yml", "project_name: p\nmodel: arcee-ai/AFM-4.5B-Base\nsequence_length: 8192\n" +
			"dataset:\n  train_dataset:\n    repo_id: d\nloss_functions:\n  - function: kl\n    weight: 1.0\nteacher:\n  kind: hf\n  path: arcee-ai/AFM-4.5B\n" +
			"training_args:\n  per_device_train_batch_size: 1\n  bf16: true\n",
			"DistillKit config: not read: model arcee-ai/AFM-4.5B-Base"},
		{"NeMo-Aligner's DPO config", "gpt_dpo.yaml", "trainer:\n  num_nodes: 8\n  devices: 8\n  accelerator: gpu\n  precision: bf16\n  dpo:\n    max_epochs: 1\n" +
			"pretrained_checkpoint:\n  restore_from_path: /models/llama3-8b.nemo\nmodel:\n  micro_batch_size: 1\n  global_batch_size: 64\n",
			"NeMo config: not read: model /models/llama3-8b.nemo"},
		{"tune run built-in config", "run.sh", "tune run lora_finetune_single_device --config llama3_1/8B_lora_single_device\n",
			"torchtune config: not read: built-in config llama3_1/8B_lora_single_device"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{filepath.Join(dir, c.file)}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			var whats []string
			for _, g := range res.Jobs[0].Plan.MemoryGaps {
				whats = append(whats, g.What)
				if g.What == c.want {
					return
				}
			}
			t.Errorf("gaps %q, want %q", whats, c.want)
		})
	}
}

// TestDSChat: DeepSpeed-Chat's ZeRO stage, offload and dtype come from its
// flags; LoRA without --only_optimize_lora still trains every weight.
func TestDSChat(t *testing.T) {
	dir := t.TempDir()
	src := "deepspeed main.py --data_split 2,4,4 --model_name_or_path meta-llama/Llama-2-7b-hf --per_device_train_batch_size 4 " +
		"--max_seq_len 512 --zero_stage 3 --offload --dtype bf16 --lora_dim 128 --only_optimize_lora --deepspeed\n"
	if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{filepath.Join(dir, "run.sh")}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	if len(res.Jobs) != 1 {
		t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
	}
	p := res.Jobs[0].Plan
	if !p.ZeRO.Enabled || p.ZeRO.Stage.V != 3 || p.ZeRO.OffloadParam.V != plan.OffloadCPU || p.Precision.V != plan.BF16 ||
		p.PEFT.Method.V != "lora" || p.PEFT.R.V != 128 {
		t.Errorf("zero %v stage %d offload %s precision %s peft %s r %d", p.ZeRO.Enabled, p.ZeRO.Stage.V, p.ZeRO.OffloadParam.V, p.Precision.V, p.PEFT.Method.V, p.PEFT.R.V)
	}
}

// TestDSChatStageGivenAtRunTime: BELLE's DeepSpeed-Chat scripts pass
// --zero_stage $ZERO_STAGE, the script's second argument. The launch is
// still DeepSpeed-Chat's; the stage is assumed 0 and the plan says the
// verdict rests on it.
func TestDSChatStageGivenAtRunTime(t *testing.T) {
	dir := t.TempDir()
	src := "ZERO_STAGE=$2\ndeepspeed main.py --data_split 10,0,0 --model_name_or_path meta-llama/Llama-2-7b-hf --zero_stage $ZERO_STAGE --lora_dim 16 --deepspeed\n"
	if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{filepath.Join(dir, "run.sh")}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	if len(res.Jobs) != 1 {
		t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
	}
	p := res.Jobs[0].Plan
	if !p.ZeRO.Enabled || p.ZeRO.Stage.V != 0 || len(p.Unread) != 1 || !strings.Contains(p.Unread[0], "--zero_stage is \"$2\"") {
		t.Errorf("zero %v stage %d unread %q", p.ZeRO.Enabled, p.ZeRO.Stage.V, p.Unread)
	}
}

// TestFastChatLoRA: train_lora.py trains LoRA without any flag saying so,
// and q_lora loads the base in 4 bits.
func TestFastChatLoRA(t *testing.T) {
	for _, c := range []struct {
		args, method string
		load         plan.Dtype
	}{
		{"--lora_r 16", "lora", plan.FP32},
		{"--q_lora True --bf16 True", "qlora", plan.FP32},
	} {
		dir := t.TempDir()
		src := "deepspeed fastchat/train/train_lora.py --model_name_or_path lmsys/vicuna-7b-v1.5 " + c.args + "\n"
		if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		res := Load([]string{filepath.Join(dir, "run.sh")}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
		if len(res.Jobs) != 1 {
			t.Fatalf("%s: %d jobs, errors %v", c.args, len(res.Jobs), res.Errors)
		}
		p := res.Jobs[0].Plan
		if p.PEFT.Method.V != c.method || p.SeqLen.V != 512 || strings.Join(p.PEFT.TargetModules.V, ",") != "q_proj,v_proj" {
			t.Errorf("%s: method %s seq %d targets %v", c.args, p.PEFT.Method.V, p.SeqLen.V, p.PEFT.TargetModules.V)
		}
		if c.method == "qlora" && (p.Quant.V != plan.NF4 || !p.DoubleQuant.V) {
			t.Errorf("%s: quant %s double %v", c.args, p.Quant.V, p.DoubleQuant.V)
		}
		if c.method == "lora" && p.LoadDtype.V != c.load {
			t.Errorf("%s: load dtype %s", c.args, p.LoadDtype.V)
		}
	}
}
