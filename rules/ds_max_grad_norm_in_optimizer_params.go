package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// DSMaxGradNormInOptimizerParams reports max_grad_norm given as an
// optimizer parameter of a DeepSpeed-built optimizer.
var DSMaxGradNormInOptimizerParams = &lint.Rule{
	ID:       "ds-max-grad-norm-in-optimizer-params",
	Severity: lint.Error,
	Summary:  "max_grad_norm is set in the DeepSpeed optimizer params instead of gradient_clipping",
	Doc: lint.Doc{
		What: "Reports `optimizer.params.max_grad_norm` in a DeepSpeed config: an error under the Hugging Face Trainer or Accelerate, which always let DeepSpeed build the optimizer from this block; " +
			"a warning otherwise, since a program that passes its own optimizer to deepspeed.initialize (Megatron-DeepSpeed does) never builds it.",
		Why: "DeepSpeed builds the optimizer from `optimizer.params` and refuses this key: `'max_grad_norm' is not supported as an optimizer parameter, please switch to using the deepspeed parameter 'gradient_clipping'`. " +
			"Gradient clipping is DeepSpeed's own top-level setting.",
		Example:    `{"optimizer": {"type": "AdamW", "params": {"lr": 1e-5, "max_grad_norm": 1.0}}}`,
		UseInstead: `{"optimizer": {"type": "AdamW", "params": {"lr": 1e-5}}, "gradient_clipping": 1.0}`,
		FixSafety:  "Safe: the fix moves the value to `gradient_clipping` (to \"auto\" under the Hugging Face Trainer, which fills it from `max_grad_norm`); when `gradient_clipping` is already set it only deletes the optimizer parameter, and is unsafe if the two values differ.",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._configure_basic_optimizer)", "https://www.deepspeed.ai/docs/config-json/#gradient-clipping"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "optimizer": {"type": "AdamW", "params": {"lr": 1e-5, "max_grad_norm": 1.0}}, "zero_optimization": {"stage": 1}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		ds := dsConf(p.Job)
		k, v := ds.get("optimizer.params.max_grad_norm")
		if !ds.ok() || k == nil {
			return
		}
		f := finding(ds.file, k, "\"optimizer.params.max_grad_norm\" is %s; DeepSpeed does not accept it as an optimizer parameter, set \"gradient_clipping\" instead", quote(v))
		if !viaHF(p) {
			// A plain DeepSpeed program may pass its own optimizer (Megatron
			// does), and then this block is never built.
			f.Severity = lint.Warning
			f.Message += " (if DeepSpeed builds the optimizer from this block)"
		}
		del, ok := ds.change(lint.Delete, nil, "optimizer", "params", "max_grad_norm")
		if !ok {
			p.Report(f)
			return
		}
		_, gc := ds.get("gradient_clipping")
		switch {
		case gc != nil && !document.IsNull(gc):
			safety := lint.Safe
			a, ok1 := numOf(v)
			b, ok2 := numOf(gc)
			if !document.IsAuto(gc) && (!ok1 || !ok2 || !sameNumber(a, b)) {
				safety = lint.Unsafe
			}
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Delete `optimizer.params.max_grad_norm` (gradient_clipping is set)", Safety: safety, Changes: []lint.Change{del}})
		case hfTrainer(p):
			if set, ok := ds.change(lint.Set, "auto", "gradient_clipping"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Move it to `gradient_clipping: \"auto\"` (the Trainer's max_grad_norm)", Safety: lint.Safe, Changes: []lint.Change{del, set}})
			}
		default:
			val, ok := numOf(v)
			if !ok {
				break
			}
			if set, ok := ds.change(lint.Set, val, "gradient_clipping"); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: fmt.Sprintf("Move it to `gradient_clipping: %s`", num(val)), Safety: lint.Safe, Changes: []lint.Change{del, set}})
			}
		}
		p.Report(f)
	},
}
