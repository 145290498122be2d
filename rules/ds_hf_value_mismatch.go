package rules

import (
	"fmt"
	"math"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// DSHFValueMismatch reports an explicit DeepSpeed value that disagrees with
// the Trainer argument the Hugging Face integration requires it to match.
var DSHFValueMismatch = &lint.Rule{
	ID:       "ds-hf-value-mismatch",
	Severity: lint.Error,
	Summary:  "a DeepSpeed value disagrees with the Trainer argument it must match",
	Doc: lint.Doc{
		What: "Under the Hugging Face Trainer (and TRL, LLaMA-Factory, axolotl, which build on it), compares each DeepSpeed value the integration fills from a Trainer argument with that argument (its default when the Trainer file leaves it out): " +
			"`train_micro_batch_size_per_gpu` / `per_device_train_batch_size`, `gradient_accumulation_steps`, `train_batch_size` / world size × both, `gradient_clipping` / `max_grad_norm`, " +
			"`optimizer.params.lr`, `betas`, `eps`, `weight_decay` / `learning_rate`, `adam_beta1`, `adam_beta2`, `adam_epsilon`, `weight_decay`, `scheduler.params.warmup_max_lr` / `learning_rate`, " +
			"and `fp16.enabled` / `bf16.enabled` / `--fp16` / `--bf16`. Values of launch-script arguments count only when written. " +
			"When a TRL config class parses the arguments (a `trl sft|dpo|grpo|…` command, a TRL script, or keys only TRL configs take), TRL's defaults apply: bf16 on unless fp16 is, and the class's own learning rate. " +
			"A launch whose program, a Python file of the repository, calls backward itself and builds no Trainer (an accelerate loop) is left alone: no Trainer compares the values there.",
		Why: "The integration replaces \"auto\" with the Trainer's value and collects every explicit value that differs, then stops: " +
			"`Please correct the following DeepSpeed config values that mismatch TrainingArguments values: - ds train_micro_batch_size_per_gpu=4 vs hf per_device_train_batch_size=8`. " +
			"A DeepSpeed file shared between runs, or a Trainer default left in place, is the usual cause.",
		Example:    "ds.json: {\"train_micro_batch_size_per_gpu\": 4, ...}\ntrain.yaml: per_device_train_batch_size: 8",
		UseInstead: `{"train_micro_batch_size_per_gpu": "auto", ...}`,
		FixSafety:  "Safe: the fix sets the DeepSpeed value to \"auto\", which the integration fills with the Trainer's value, the only value the job can start with.",
		References: []string{
			"huggingface/transformers v5.x src/transformers/integrations/deepspeed.py (HfTrainerDeepSpeedConfig.fill_match, trainer_config_process, trainer_config_finalize)",
			"huggingface/trl v1.9 trl/trainer/base_config.py (_BaseConfig.__post_init__: bf16 defaults to not fp16) and trl/trainer/sft_config.py, dpo_config.py, grpo_config.py, kto_config.py, reward_config.py, rloo_config.py (learning_rate defaults 2e-5, 1e-6, 1e-6, 1e-6, 1e-4, 1e-6)",
			"https://huggingface.co/docs/transformers/deepspeed#deepspeed-and-trainer-parameter-summary",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Llama-3.2-1B\nper_device_train_batch_size: 8\ndeepspeed: zero.json\n",
		"zero.json":  `{"train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": "auto", "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() || !hfTrainer(p) {
			return
		}
		j := p.Job
		autoBatch := isTrue(trainerArg(j, "auto_find_batch_size").val)
		check := func(dsKey string, want trainerNum) {
			k, v := ds.get(dsKey)
			got, ok := numOf(v)
			if !ok || !want.ok || sameNumber(got, want.v) {
				return
			}
			reportMismatch(p, ds, k, dsKey, quote(v), want.desc)
		}
		micro := trainerNumber(j, "per_device_train_batch_size", "micro_batch_size", "per_gpu_train_batch_size")
		accum := trainerNumber(j, "gradient_accumulation_steps")
		if j.Trainer != nil && j.Trainer.Format == read.Axolotl && !trainerArg(j, "gradient_accumulation_steps").found() && trainerArg(j, "batch_size").found() {
			accum = trainerNum{} // axolotl derives it from batch_size
		}
		if !autoBatch {
			check("train_micro_batch_size_per_gpu", micro)
		}
		check("gradient_accumulation_steps", accum)
		if b, _, ok := readBatch(p); ok && !autoBatch && !(b.hasMicro && b.hasAccum) && b.world > 0 && micro.ok && accum.ok {
			check("train_batch_size", trainerNum{v: float64(b.world) * micro.v * accum.v, ok: true,
				desc: fmt.Sprintf("%s × %s × %s = %s", b.worldFrom, micro.desc, accum.desc, num(float64(b.world)*micro.v*accum.v))})
		}
		check("gradient_clipping", trainerNumber(j, "max_grad_norm"))
		lr := trainerNumber(j, "learning_rate")
		check("optimizer.params.lr", lr)
		check("scheduler.params.warmup_max_lr", lr)
		check("optimizer.params.eps", trainerNumber(j, "adam_epsilon"))
		check("optimizer.params.weight_decay", trainerNumber(j, "weight_decay"))
		if k, v := ds.get("optimizer.params.betas"); v != nil && v.Kind == yaml.SequenceNode && len(v.Content) == 2 {
			b1, b2 := trainerNumber(j, "adam_beta1"), trainerNumber(j, "adam_beta2")
			g1, ok1 := numOf(v.Content[0])
			g2, ok2 := numOf(v.Content[1])
			if ok1 && ok2 && b1.ok && b2.ok && !(sameNumber(g1, b1.v) && sameNumber(g2, b2.v)) {
				reportMismatch(p, ds, k, "optimizer.params.betas", quote(v), b1.desc+" and "+b2.desc)
			}
		}
		for _, x := range []struct{ dsKey, arg, full string }{{"fp16.enabled", "fp16", "fp16_full_eval"}, {"bf16.enabled", "bf16", "bf16_full_eval"}} {
			dsKey := x.dsKey
			k, v := ds.get(dsKey)
			if dsKey == "bf16.enabled" && v == nil {
				dsKey = "bfloat16.enabled"
				k, v = ds.get(dsKey)
			}
			got, ok := boolOf(v)
			if !ok || document.IsAuto(v) {
				continue
			}
			if x.arg == "bf16" && isTrue(trainerArg(j, "pure_bf16").val) {
				continue // LLaMA-Factory's pure bf16 casts the model itself
			}
			want, desc, known := trainerFlag(j, x.arg, x.full)
			if x.arg == "bf16" {
				want, desc, known = trlBF16(j, want, desc, known)
			}
			if known && want != got {
				reportMismatch(p, ds, k, dsKey, quote(v), desc)
			}
		}
	},
}

// trlBF16 applies TRL's bf16 default (on unless fp16 is) to a bf16 that
// the Trainer file leaves out, when a TRL config class parses it.
func trlBF16(j *read.Job, want bool, desc string, known bool) (bool, string, bool) {
	t, isTRL := read.DetectTRL(j)
	if !isTRL || trainerArg(j, "bf16").found() || !trainerDefaultsApply(j) {
		return want, desc, known
	}
	if t.Trainer == "" && !t.Script {
		// Only a key TRL shares with other scripts (use_peft): which
		// default applies is not known.
		return false, "", false
	}
	fp16, _, ok := trainerFlag(j, "fp16")
	if !ok {
		return false, "", false
	}
	return read.TRLBF16Default(fp16), fmt.Sprintf("\"bf16\" %v (TRL's default when fp16 is off, recognized by %s)", read.TRLBF16Default(fp16), t.Why), true
}

func sameNumber(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func reportMismatch(p *lint.Pass, ds conf, k *yaml.Node, dsKey, dsVal, hf string) {
	f := finding(ds.file, k, "DeepSpeed %q is %s but the Trainer has %s; the Hugging Face integration stops on values that mismatch TrainingArguments", dsKey, dsVal, hf)
	if ch, ok := ds.change(lint.Set, "auto", splitKey(dsKey)...); ok {
		f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `%s` to \"auto\"", dsKey), Safety: lint.Safe, Changes: []lint.Change{ch}})
	}
	p.Report(f)
}
