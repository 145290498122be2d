package read

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAcceptedArgs: the frontends that keep a list of their parser's
// arguments load it, those that keep none return nil, and every key the
// ms-swift frontend spells a fix's setting in is one ms-swift defines.
func TestAcceptedArgs(t *testing.T) {
	for _, c := range []struct {
		framework string
		min       int
		has       []string
	}{
		{"ms-swift", 200, []string{"tuner_type", "max_length", "attn_impl", "freeze_vit", "padding_free", "quant_bits", "target_modules"}},
		{"axolotl", 300, []string{"base_model", "adapter", "sequence_len", "micro_batch_size", "sample_packing", "load_in_4bit", "lora_target_linear"}},
		{"torchtune", 0, nil},
	} {
		t.Run(c.framework, func(t *testing.T) {
			got := AcceptedArgs(c.framework)
			if c.min == 0 {
				if got != nil {
					t.Fatalf("%s keeps no list, got %d names", c.framework, len(got))
				}
				return
			}
			if len(got) < c.min {
				t.Errorf("%d names, want at least %d", len(got), c.min)
			}
			for _, k := range c.has {
				if !got[k] {
					t.Errorf("%q missing", k)
				}
			}
		})
	}
	swift := AcceptedArgs("ms-swift")
	for launcher, m := range swiftSpells() {
		for setting, sp := range m {
			if sp.Key != "" && !sp.Refuse && !swift[sp.Key] {
				t.Errorf("%s: %s is spelled %q, which ms-swift's parser does not define", launcher, setting, sp.Key)
			}
		}
	}
}

// TestRLSpellsAccepted: every key the verl, EasyR1 and OpenRLHF frontends
// spell a fix's setting in (the Trainer-side ones and the rollout ones) is
// one their parser defines at the release the lists cite
// (data/verl-v0.7.0-keys.txt, data/easyr1-v0.3.2-keys.txt,
// data/openrlhf-v0.9.0-args.txt and, for the PPO entry,
// data/openrlhf-v0.9.0-train_ppo_ray-args.txt; the dotted flags of v0.11.0
// in data/openrlhf-v0.11.0-args.txt and, for the PPO entry,
// data/openrlhf-v0.11.0-train_ppo_ray-args.txt), and the settings a job's
// own keys rule out (the deprecated global micro batches, a Megatron
// actor) are refused.
func TestRLSpellsAccepted(t *testing.T) {
	for _, c := range []struct {
		name, script, framework string
		written                 []string // the settings spelled, not refused
		refused                 []string
	}{
		{"verl", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=8 trainer.n_gpus_per_node=8\n", "verl",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", RolloutMemory, RolloutOffloadParams, RolloutOffloadOptimizer, LogProbMicroBatch, "use_peft"},
			[]string{"optim", "max_seq_length", "load_in_4bit", RefLogProbMicroBatch}},
		{"verl-ref-log-prob", "python3 -m verl.trainer.main_ppo actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=8 trainer.n_gpus_per_node=8\n", "verl",
			[]string{LogProbMicroBatch, RefLogProbMicroBatch}, nil},
		// Batching by tokens writes the token budgets
		// (ppo_max_token_len_per_gpu, log_prob_max_token_len_per_gpu).
		{"verl-log-prob-dynamic", "python3 -m verl.trainer.main_ppo actor_rollout_ref.rollout.log_prob_use_dynamic_bsz=True actor_rollout_ref.ref.log_prob_max_token_len_per_gpu=8192 trainer.n_gpus_per_node=8\n", "verl",
			[]string{RolloutMemory, LogProbMicroBatch, RefLogProbMicroBatch}, nil},
		{"verl-log-prob-global", "python3 -m verl.trainer.main_ppo actor_rollout_ref.rollout.log_prob_micro_batch_size=64 trainer.n_gpus_per_node=8\n", "verl",
			[]string{RolloutMemory}, []string{LogProbMicroBatch}},
		{"verl-dynamic-bsz", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.use_dynamic_bsz=True trainer.n_gpus_per_node=8\n", "verl",
			[]string{"gradient_checkpointing", "per_device_train_batch_size", LogProbMicroBatch}, []string{RefLogProbMicroBatch}},
		{"verl-global-micro", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.ppo_micro_batch_size=64 trainer.n_gpus_per_node=8\n", "verl",
			[]string{"gradient_checkpointing"}, []string{"per_device_train_batch_size"}},
		{"verl-megatron", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.strategy=megatron trainer.n_gpus_per_node=8\n", "verl",
			nil, []string{"per_device_train_batch_size", "gradient_checkpointing"}},
		{"easyr1", "python3 -m verl.trainer.main worker.actor.micro_batch_size_per_device_for_update=4 trainer.n_gpus_per_node=8\n", "EasyR1",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", RolloutMemory, RolloutOffloadParams, RolloutOffloadOptimizer, LogProbMicroBatch},
			[]string{"use_peft", "attn_implementation", RefLogProbMicroBatch}},
		{"openrlhf", "deepspeed --module openrlhf.cli.train_sft --pretrain m --micro_train_batch_size 8\n", "OpenRLHF",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", "zero_optimization.stage", "zero_optimization.offload_optimizer.device", "use_peft"},
			[]string{"zero_optimization.offload_param.device", "max_seq_length", "optim", "load_in_4bit"}},
		{"openrlhf-qlora", "deepspeed --module openrlhf.cli.train_sft --pretrain m --bf16 --zero_stage 2\n", "OpenRLHF",
			[]string{"use_peft", "load_in_4bit"}, nil},
		{"openrlhf-qlora-zero3", "deepspeed --module openrlhf.cli.train_sft --pretrain m --bf16 --zero_stage 3\n", "OpenRLHF",
			[]string{"use_peft"}, []string{"load_in_4bit"}},
		{"openrlhf-ppo-ray", "python3 -m openrlhf.cli.train_ppo_ray --pretrain m --vllm_num_engines 8 --colocate_all_models\n", "OpenRLHF train_ppo_ray",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", RolloutMemory, LogProbMicroBatch},
			[]string{RolloutOffloadParams, RolloutOffloadOptimizer, RefLogProbMicroBatch}},
		{"openrlhf-ppo-ray-hf", "python3 -m openrlhf.cli.train_ppo_ray --pretrain m\n", "OpenRLHF train_ppo_ray",
			[]string{RolloutMemory}, []string{LogProbMicroBatch}},
		{"openrlhf-dynamic", "python3 -m openrlhf.cli.train_ppo_ray --pretrain m --use_dynamic_batch\n", "OpenRLHF train_ppo_ray",
			[]string{"gradient_checkpointing", "per_device_train_batch_size"}, nil},
		// The dotted flags of v0.10.2 to v0.11.0 (OpenRLHF/OpenRLHF tag
		// v0.11.0, commit 3c3be62, openrlhf/cli/train_sft.py, train_dpo.py,
		// train_rm.py and train_ppo_ray.py, the parser built under
		// __main__): data/openrlhf-v0.11.0-args.txt and
		// data/openrlhf-v0.11.0-train_ppo_ray-args.txt.
		{"openrlhf-dotted", "deepspeed --module openrlhf.cli.train_sft --model.model_name_or_path m --train.micro_batch_size 8\n", "OpenRLHF v0.11.0",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", "zero_optimization.stage", "zero_optimization.offload_optimizer.device", "use_peft", "load_in_4bit"},
			[]string{"zero_optimization.offload_param.device", "max_seq_length", "optim"}},
		{"openrlhf-dotted-dpo", "deepspeed --module openrlhf.cli.train_dpo --model.model_name_or_path m --ds.zero_stage 3\n", "OpenRLHF v0.11.0",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", "use_peft"}, []string{"load_in_4bit"}},
		{"openrlhf-dotted-ppo-ray", "python3 -m openrlhf.cli.train_ppo_ray --actor.model_name_or_path m --vllm.num_engines 8 --train.colocate_all\n", "OpenRLHF v0.11.0 train_ppo_ray",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", RolloutMemory, LogProbMicroBatch},
			[]string{RolloutOffloadParams, RolloutOffloadOptimizer, RefLogProbMicroBatch}},
		{"openrlhf-dotted-dynamic", "python3 -m openrlhf.cli.train_ppo_ray --actor.model_name_or_path m --vllm.num_engines 8 --train.dynamic_batch_enable\n", "OpenRLHF v0.11.0 train_ppo_ray",
			[]string{"per_device_train_batch_size", "gradient_checkpointing", LogProbMicroBatch}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.sh")
			if err := os.WriteFile(path, []byte(c.script), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			spells := Spellings(res.Jobs[0])
			accepted := AcceptedArgs(c.framework)
			if len(accepted) < 40 {
				t.Fatalf("%s: %d accepted keys", c.framework, len(accepted))
			}
			for setting, sp := range spells {
				if sp.Key != "" && !sp.Refuse && !accepted[sp.Key] {
					t.Errorf("%s is spelled %q, which %s does not define", setting, sp.Key, c.framework)
				}
				for k := range sp.Also {
					if !accepted[k] {
						t.Errorf("%s writes %q beside it, which %s does not define", setting, k, c.framework)
					}
				}
			}
			spelled := func(setting string) bool {
				sp, ok := spells[setting]
				if !ok {
					sp = spells[AnyKey]
				}
				return sp.Key != "" && !sp.Refuse
			}
			for _, s := range c.written {
				if !spelled(s) {
					t.Errorf("%s is not spelled: %+v", s, spells[s])
				}
			}
			for _, s := range c.refused {
				if spelled(s) {
					t.Errorf("%s is spelled %q, want refused", s, spells[s].Key)
				}
			}
		})
	}
}

// TestVerlTokenBudget: with use_dynamic_bsz the actor's micro batch is
// written as ppo_max_token_len_per_gpu, its sequences × the plan's
// sequence, which reads back as the same micro batch; the log-prob budget
// that interpolates it (verl v0.7.0 _generated_ppo_trainer.yaml
// rollout.log_prob_max_token_len_per_gpu) is pinned beside it, and one
// the script sets is left to its own knob.
func TestVerlTokenBudget(t *testing.T) {
	for _, c := range []struct {
		name, script string
		micro        int            // the micro batch read: 10000 tokens over 4096-token sequences
		also         map[string]any // written beside the budget
	}{
		{"padded", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.use_dynamic_bsz=True actor_rollout_ref.actor.ppo_max_token_len_per_gpu=10000 data.max_prompt_length=1024 data.max_response_length=3072\n",
			2, map[string]any{"actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu": 10000}},
		{"padding-free", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.use_dynamic_bsz=True actor_rollout_ref.model.use_remove_padding=True actor_rollout_ref.actor.ppo_max_token_len_per_gpu=10000 data.max_prompt_length=1024 data.max_response_length=3072\n",
			3, map[string]any{"actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu": 10000}},
		{"log-prob-set", "python3 -m verl.trainer.main_ppo actor_rollout_ref.actor.use_dynamic_bsz=True actor_rollout_ref.actor.ppo_max_token_len_per_gpu=10000 actor_rollout_ref.rollout.log_prob_max_token_len_per_gpu=20000 data.max_prompt_length=1024 data.max_response_length=3072\n",
			2, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.sh")
			if err := os.WriteFile(path, []byte(c.script), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs (errors %v)", len(res.Jobs), res.Errors)
			}
			j := res.Jobs[0]
			if j.Plan.MicroBatch.V != c.micro {
				t.Errorf("micro batch %d, want %d (%s)", j.Plan.MicroBatch.V, c.micro, j.Plan.MicroBatch.From)
			}
			sp := Spellings(j)["per_device_train_batch_size"]
			if sp.Key != "actor_rollout_ref.actor.ppo_max_token_len_per_gpu" || sp.Value == nil {
				t.Fatalf("spelled %+v", sp)
			}
			if got := sp.Value(1); got != 4096 {
				t.Errorf("a micro batch of 1 is written as %v tokens, want 4096", got)
			}
			if len(sp.Also) != len(c.also) {
				t.Errorf("written beside it: %v, want %v", sp.Also, c.also)
			}
			for k, v := range c.also {
				if sp.Also[k] != v {
					t.Errorf("%s written as %v, want %v", k, sp.Also[k], v)
				}
			}
		})
	}
}
