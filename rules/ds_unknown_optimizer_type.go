package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// dsOptimizers are the optimizer types DeepSpeed builds itself, matched
// without case (deepspeed/runtime/config.py DEEPSPEED_OPTIMIZERS, v0.19).
var dsOptimizers = []string{"adagrad", "adam", "adamw", "lamb", "onebitadam", "onebitlamb", "zerooneadam", "muadam", "muadamw", "musgd", "lion", "muon"}

// torchOptimizers are the torch.optim classes DeepSpeed falls back to with
// getattr, so their case matters (torch 2.x).
var torchOptimizers = []string{"Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "SparseAdam", "Adamax", "ASGD", "LBFGS", "NAdam", "RAdam", "RMSprop", "Rprop", "SGD"}

// dsSchedulers are the schedulers of deepspeed/runtime/lr_schedules.py and
// torch.optim.lr_scheduler, which DeepSpeed looks up by exact name.
var dsSchedulers = []string{"LRRangeTest", "OneCycle", "WarmupLR", "WarmupDecayLR", "WarmupCosineLR",
	"LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "SequentialLR",
	"CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR"}

// hfToDeepSpeed maps Hugging Face optim and lr_scheduler_type names people
// write into DeepSpeed sections to the DeepSpeed name that does the same.
var hfToDeepSpeed = map[string]string{
	"adamw_torch": "AdamW", "adamw_torch_fused": "AdamW", "adamw_hf": "AdamW", "adamw_apex_fused": "AdamW",
	"cosine": "WarmupCosineLR", "linear": "WarmupDecayLR", "constant_with_warmup": "WarmupLR",
}

// closestName proposes a known name for an unknown one: the right case of
// a torch class, the DeepSpeed twin of a Hugging Face name, or the closest
// by edit distance.
func closestName(name string, exact, lower []string) string {
	for _, n := range exact {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	if s, ok := hfToDeepSpeed[strings.ToLower(name)]; ok {
		return s
	}
	return suggest(name, append(append([]string(nil), exact...), lower...))
}

// DSUnknownOptimizerType reports optimizer and scheduler types DeepSpeed
// cannot build.
var DSUnknownOptimizerType = &lint.Rule{
	ID:       "ds-unknown-optimizer-type",
	Severity: lint.Error,
	Summary:  "a DeepSpeed optimizer or scheduler type DeepSpeed does not know",
	Doc: lint.Doc{
		What: "Reports `optimizer.type` values that are neither one of DeepSpeed's own optimizers (Adam, AdamW, Lamb, OneBitAdam, Lion, Muon, …, any case) nor a `torch.optim` class (exact case), " +
			"and `scheduler.type` values that are neither a DeepSpeed schedule (WarmupLR, WarmupDecayLR, WarmupCosineLR, OneCycle, LRRangeTest) nor a `torch.optim.lr_scheduler` class, with the closest name. " +
			"Hugging Face names such as `adamw_torch` or `cosine` belong in the Trainer's `optim` and `lr_scheduler_type`, not here.",
		Why: "DeepSpeed builds the optimizer named by `optimizer.type` when the engine starts: `DeepSpeedEngine._do_sanity_check` asserts `adamw_torch is not a supported DeepSpeed Optimizer` for a name that is neither its own nor an attribute of torch.optim; " +
			"an unknown scheduler fails `DeepSpeedEngine._scheduler_from_config` with `AssertionError: DeepSpeed does not recognize LR scheduler cosine`. Under the Hugging Face Trainer the DeepSpeed sections win over `optim`, so the same names fail there too.",
		Example:    `{"optimizer": {"type": "adamw_torch"}, "scheduler": {"type": "cosine"}}`,
		UseInstead: `{"optimizer": {"type": "AdamW"}, "scheduler": {"type": "WarmupCosineLR"}}`,
		FixSafety:  "Unsafe: the fix picks the closest known name, which is a guess.",
		References: []string{
			"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._do_sanity_check, _is_supported_optimizer, _scheduler_from_config)",
			"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/config.py (DEEPSPEED_OPTIMIZERS, DeepSpeedConfig._initialize_params)",
			"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/lr_schedules.py",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 4, "optimizer": {"type": "adamw_torch", "params": {"lr": 2e-5}}, "zero_optimization": {"stage": 2}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		if !ds.ok() {
			return
		}
		known := func(name string, lower, exact []string) bool {
			for _, n := range lower {
				if strings.EqualFold(n, name) {
					return true
				}
			}
			for _, n := range exact {
				if n == name {
					return true
				}
			}
			return false
		}
		for _, c := range []struct {
			section, what string
			lower, exact  []string
		}{
			{"optimizer", "optimizer", dsOptimizers, torchOptimizers},
			{"scheduler", "LR scheduler", nil, dsSchedulers},
		} {
			_, v := ds.get(c.section + ".type")
			if v == nil || v.Kind != yaml.ScalarNode || !document.IsString(v) || document.IsAuto(v) || known(v.Value, c.lower, c.exact) {
				continue
			}
			f := finding(ds.file, v, "DeepSpeed does not know the %s %q; the engine raises when it builds it", c.what, v.Value)
			if s := closestName(v.Value, c.exact, c.lower); s != "" {
				f.Message += fmt.Sprintf(" (did you mean %q?)", s)
				if ch, ok := ds.change(lint.Set, s, c.section, "type"); ok {
					f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Set `%s.type` to %q", c.section, s), Safety: lint.Unsafe, Changes: []lint.Change{ch}})
				}
			}
			p.Report(f)
		}
	},
}
