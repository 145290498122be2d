package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// frontendKeys lists, per frontend, the keys issue #14 ("What it must show")
// names for it, or for the frontends it does not detail the keys the
// frontend reads that change the memory of a job, and the folders of
// testdata/frontends whose golden `estimate --plan` outputs are that
// frontend's golden cases. TestFrontendKeyCoverage holds the cases to it.
var frontendKeys = []struct {
	frontend string
	dirs     []string
	// keys are spelled as in the frontend's files; a trailing * matches
	// every key of that prefix, | separates spellings of one key (a
	// renamed one), and a phrase with a space is a command.
	keys []string
	// neutral names keys that change no memory, with the reason: the plan
	// cites no line for them, so an input that sets them is enough.
	neutral map[string]string
	// joint names keys that decide one plan value together with others
	// (the value cites one of them, or the file they point to): the key
	// counts when it is set and a plan cites a line that sets one of the
	// others.
	joint map[string]string
	// gaps are keys no golden case covers yet, with the reason; the test
	// fails when one becomes covered, so the list stays true.
	gaps map[string]string
	// shown are texts the frontend's goldens must hold (the config classes
	// the frontend tells apart).
	shown []string
}{
	{
		frontend: "TRL",
		dirs:     []string{"trl"},
		keys: []string{"gradient_checkpointing", "bf16", "learning_rate", "max_length", "packing", "padding_free",
			"per_device_train_batch_size", "model_init_kwargs", "dtype", "attn_implementation", "use_peft", "lora_*",
			"load_in_4bit", "ref_model*", "precompute_ref_log_probs"},
		neutral: map[string]string{"learning_rate": "the optimizer's state does not depend on the step size"},
		joint:   map[string]string{"use_peft": "load_in_4bit"},
		gaps: map[string]string{
			"model_init_kwargs": "read (model_init_kwargs.dtype, .attn_implementation: read/trl.go); TRL's docs at f2cd577 pass it only in Python (sft_trainer.md, dpo_trainer.md, reducing_memory_usage.md), no YAML of huggingface/trl, alignment-handbook or open-r1 sets it (their heads and every 10th stored commit), and the recipes that do (SmallDoges/small-doge) run small-doge's pt.py, read by read/smalldoge.go",
			"ref_model*":        "DPOTrainer's ref_model is a Python argument and TRL v1.9's DPOConfig has no ref_model_init_kwargs (the reference loads with model_init_kwargs); the only recipes found setting ref_model_* (sunblaze-ucb/Intuitor open-r1-intuitor, with sync_ref_model false) are for Intuitor's own INTUITORTrainer",
		},
		shown: []string{"SFTConfig", "DPOConfig", "ORPOConfig", "KTOConfig", "RewardConfig", "GRPOConfig"},
	},
	{
		frontend: "ms-swift",
		dirs:     []string{"swift"},
		keys: []string{"swift sft", "swift pt", "swift rlhf", "swift export", "rlhf_type", "NPROC_PER_NODE", "CUDA_VISIBLE_DEVICES", "deepspeed", "tuner_type|train_type", "torch_dtype", "max_length",
			"freeze_vit", "freeze_aligner", "freeze_llm", "quant_bits", "gradient_checkpointing", "packing", "attn_impl",
			"per_device_train_batch_size", "gradient_accumulation_steps", "model"},
		joint: map[string]string{"freeze_vit": "freeze_aligner|freeze_llm"},
	},
	{
		frontend: "LLaVA",
		dirs:     []string{"llava", "llava-next"},
		keys: []string{"mm_tunable_parts", "freeze_backbone", "tune_mm_mlp_adapter", "lora_enable", "bits",
			"image_aspect_ratio", "mm_vision_tower", "vision_tower", "model_max_length", "group_by_modality_length"},
		neutral: map[string]string{
			"group_by_modality_length": "it orders the batches by modality, not their size (LLaVA's LengthGroupedSampler)",
			"vision_tower":             "the model is named by --model in these cases; the vision tower's size comes from the catalog entry",
		},
		joint: map[string]string{"lora_enable": "bits"},
		gaps:  map[string]string{"freeze_backbone": "read (read/frontend_llava.go applyLLaVAFreeze); no script of haotian-liu/LLaVA sets it (c121f04 and every 20th stored commit), nor of LLaVA-NeXT, LLaVA-Plus, MoE-LLaVA, LLaVA-Mini, ALLaVA, LLaVA-UHD or LLaVA-CoT; nuclear-turning/LLaVA-zh's scripts/train.sh does, but that repository has no license"},
	},
	{
		frontend: "InternVL",
		dirs:     []string{"internvl", "minimonkey"},
		keys: []string{"freeze_llm", "freeze_backbone", "freeze_mlp", "use_llm_lora", "use_backbone_lora", "grad_checkpoint",
			"force_image_size", "max_dynamic_patch", "dynamic_image_size", "use_thumbnail", "max_seq_length"},
		joint: map[string]string{"dynamic_image_size": "max_dynamic_patch|use_thumbnail"},
		gaps: map[string]string{
			"use_backbone_lora": "read as an assumption (its adapters are not counted; read/frontend_internvl.go); no internvl_chat script of OpenGVLab/InternVL at 2410d1d sets it (only internvl_g's retrieval fine-tunes, another program), nor one of a permissively licensed derived repository found",
		},
	},
	{
		frontend: "Firefly",
		dirs:     []string{"firefly"},
		keys:     []string{"train_mode", "max_seq_length", "lora_rank", "per_device_train_batch_size", "gradient_checkpointing"},
		gaps:     map[string]string{"train_mode": "the case leaves it to its default (qlora), as Firefly's own qlora files do; Firefly's repository (yangjianxin1/Firefly at e22b406) has no license file, so none of its files that set it is copied, and no licensed derivative was found"},
	},
	{
		frontend: "Qwen-VL",
		dirs:     []string{"qwen", "qwen-vl"},
		keys: []string{"model_max_length", "use_lora", "q_lora", "fix_vit", "gradient_checkpointing", "tune_mm_vision",
			"tune_mm_mlp", "tune_mm_llm", "max_pixels", "data_flatten|data_packing", "per_device_train_batch_size"},
		// The freeze list is what the three tune_mm_* keys leave untuned
		// (read/frontend_qwenvl.go applyQwenVL); it cites the last frozen part's key.
		joint: map[string]string{"tune_mm_mlp": "tune_mm_vision", "tune_mm_llm": "tune_mm_vision"},
		gaps: map[string]string{
			"fix_vit": "a key of Qwen-VL's finetune.py, whose repository (Tongyi Qianwen license) cannot be copied; vl/finetune_full.sh, written after it, leaves it to its default. Of the licensed derivatives, njucckevin/SeeClick (Apache-2.0) sets --fix_vit False only beside --use_lora, where finetune.py ignores it (and adapts the vision tower with LoRA of its own), and Yuliang-Liu/Monkey (MIT) runs its own finetune_multitask.py and Monkey model",
		},
	},
	{
		frontend: "MiniCPM-V",
		dirs:     []string{"minicpmv"},
		keys: []string{"tune_vision", "tune_llm", "use_lora", "q_lora", "max_slice_nums", "model_max_length", "llm_type",
			"lora_target_modules", "fp16|bf16", "deepspeed"},
		neutral: map[string]string{"llm_type": "it picks the chat template's tokens; the model is model_name_or_path's"},
		joint:   map[string]string{"tune_vision": "tune_llm", "deepspeed": "stage"},
		gaps:    map[string]string{"q_lora": "read (read/frontend_minicpmv.go, unit-tested in read TestMiniCPMV*); neither MiniCPM-V's scripts at 0dbb566 nor OpenSQZ/MiniCPM-V-CookBook's set it, and the one tutorial found that does (a Markdown page) puts a comment after each line continuation, so its command does not run as written"},
	},
	{
		frontend: "HF Trainer",
		dirs:     []string{"hf-trainer", "trl", "llava", "qwen", "minicpmv"},
		keys: []string{"per_device_train_batch_size", "gradient_accumulation_steps", "gradient_checkpointing", "bf16", "fp16",
			"tf32", "optim", "deepspeed", "fsdp", "torch_dtype", "attn_implementation", "model_max_length",
			"evaluation_strategy|eval_strategy", "per_device_eval_batch_size"},
	},
	{
		frontend: "DeepSpeed",
		dirs:     []string{"llava", "llava-next", "internvl", "minimonkey", "qwen-vl", "minicpmv", "llamafactory"},
		keys: []string{"stage", "offload_optimizer", "offload_param", "train_micro_batch_size_per_gpu", "gradient_accumulation_steps",
			"bf16|fp16", "overlap_comm", "contiguous_gradients", "reduce_bucket_size", "allgather_bucket_size",
			"stage3_prefetch_bucket_size", "stage3_param_persistence_threshold", "stage3_max_live_parameters", "sub_group_size",
			"stage3_gather_16bit_weights_on_model_save"},
		joint: map[string]string{"offload_optimizer": "device", "offload_param": "device"},
	},
	{
		frontend: "Accelerate",
		dirs:     []string{"trl", "orpo", "swift/multi-node-accelerate"},
		keys: []string{"distributed_type", "num_processes", "num_machines", "mixed_precision", "zero_stage", "offload_optimizer_device",
			"offload_param_device", "zero3_save_16bit_model", "fsdp_sharding_strategy", "fsdp_offload_params"},
	},
	{
		frontend: "LLaMA-Factory",
		dirs:     []string{"llamafactory"},
		keys: []string{"stage", "finetuning_type", "quantization_bit", "cutoff_len", "lora_rank", "lora_target",
			"per_device_train_batch_size", "gradient_accumulation_steps", "deepspeed", "bf16", "freeze_vision_tower", "image_max_pixels"},
		joint: map[string]string{"deepspeed": "stage"},
	},
	{
		frontend: "axolotl",
		dirs:     []string{"axolotl"},
		keys: []string{"base_model", "adapter", "load_in_4bit", "load_in_8bit", "sequence_len", "sample_packing", "micro_batch_size",
			"gradient_accumulation_steps", "gradient_checkpointing", "attn_implementation", "fsdp|fsdp_config", "lora_r", "lora_alpha",
			"lora_target_modules|lora_target_linear", "bf16", "optimizer", "lora_modules_to_save", "rl"},
		joint: map[string]string{"load_in_4bit": "adapter"},
	},
	{
		frontend: "olmocr",
		dirs:     []string{"olmocr"},
		keys: []string{"olmocr.train.train --config", "name", "torch_dtype", "use_flash_attention", "attn_implementation", "use_lora", "lora_rank", "lora_alpha",
			"lora_dropout", "lora_target_modules", "per_device_train_batch_size", "gradient_accumulation_steps", "gradient_checkpointing",
			"collator_max_token_len", "optim", "torch_compile", "target_longest_image_dim"},
		joint: map[string]string{"use_flash_attention": "attn_implementation"},
	},
	{
		frontend: "ShowUI",
		dirs:     []string{"showui"},
		keys: []string{"batch_size", "grad_accumulation_steps", "precision", "attn_imple", "lora_r", "lora_alpha", "ds_zero",
			"max_visual_tokens", "model_max_length", "gradient_checkpointing"},
		joint: map[string]string{"ds_zero": "stage"},
	},
}

// TestFrontendKeyCoverage fails when a key of frontendKeys is set in no input
// of the frontend's golden cases, or when no golden plan cites the line that
// sets it (so the key reached the plan); -v prints covered/total per frontend.
func TestFrontendKeyCoverage(t *testing.T) {
	for _, fk := range frontendKeys {
		t.Run(fk.frontend, func(t *testing.T) {
			var inputs, goldens []string
			for _, d := range fk.dirs {
				err := filepath.WalkDir(filepath.Join("../../testdata/frontends", d), func(path string, e fs.DirEntry, err error) error {
					switch {
					case err != nil || e.IsDir():
					case strings.HasSuffix(path, ".golden"):
						goldens = append(goldens, path)
					case e.Name() != "PROVENANCE" && e.Name() != ".trainlint.yaml":
						inputs = append(inputs, path)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			var plans strings.Builder
			for _, g := range goldens {
				b, err := os.ReadFile(g)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(b), "plan of ") {
					plans.Write(b)
				}
			}
			if plans.Len() == 0 {
				t.Fatalf("no golden `estimate --plan` output under %v", fk.dirs)
			}
			covered := 0
			for _, key := range fk.keys {
				set, cited := keyLines(t, inputs, key, plans.String())
				if others, ok := fk.joint[key]; ok && set != "" && !cited {
					_, cited = keyLines(t, inputs, others, plans.String())
				}
				_, neutral := fk.neutral[key]
				ok := cited || (set != "" && neutral)
				why, gap := fk.gaps[key]
				switch {
				case ok && gap:
					t.Errorf("%s is covered (%s) but listed as a gap (%s): drop it from gaps", key, set, why)
				case ok:
					covered++
				case gap:
				case set == "":
					t.Errorf("%s: no input of the golden cases under %v sets it", key, fk.dirs)
				default:
					t.Errorf("%s: set at %s but no golden plan cites that line", key, set)
				}
			}
			for _, s := range fk.shown {
				if !strings.Contains(plans.String(), s) {
					t.Errorf("no golden plan under %v shows %q", fk.dirs, s)
				}
			}
			t.Logf("%-10s %d/%d keys covered", fk.frontend, covered, len(fk.keys))
		})
	}
}

// keyLines reports the first place among inputs that sets key
// ("file:line", "" when none) and whether a plan cites a line that sets it
// (as a value's origin, an "auto" resolved there or an assumption about the
// launch there).
func keyLines(t *testing.T, inputs []string, key, plans string) (set string, cited bool) {
	t.Helper()
	var alts []string
	for _, k := range strings.Split(key, "|") {
		if p, ok := strings.CutSuffix(k, "*"); ok {
			alts = append(alts, regexp.QuoteMeta(p)+`\w*`)
		} else {
			alts = append(alts, regexp.QuoteMeta(k))
		}
	}
	re := regexp.MustCompile(`(^|[^\w])(` + strings.Join(alts, "|") + `)($|[^\w])`)
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if !re.MatchString(line) || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			at := fmt.Sprintf("%s:%d", filepath.Base(in), i+1)
			if set == "" {
				set = at
			}
			// A command is read when the plan of its file is printed.
			if strings.Contains(key, " ") && regexp.MustCompile(`plan of (\S*/)?`+regexp.QuoteMeta(filepath.Base(in))+`:`).MatchString(plans) {
				return set, true
			}
			if regexp.MustCompile(`(^|[\s/(])` + regexp.QuoteMeta(at) + `($|[^\d])`).MatchString(plans) {
				return set, true
			}
		}
	}
	return set, false
}
