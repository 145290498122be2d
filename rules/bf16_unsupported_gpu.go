package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// BF16UnsupportedGPU reports bf16 mixed precision on a GPU without bf16.
var BF16UnsupportedGPU = &lint.Rule{
	ID:       "bf16-unsupported-gpu",
	Severity: lint.Error,
	Summary:  "bf16 is enabled on a GPU without bf16 support",
	Doc: lint.Doc{
		What: "When the declared GPU has no bf16 tensor cores (NVIDIA before Ampere, compute capability below 8.0: V100, T4), reports every place that turns bf16 on: " +
			"Trainer `bf16`/`bf16_full_eval`, LLaMA-Factory `pure_bf16`, axolotl `bf16: true`, DeepSpeed `bf16.enabled`, Accelerate `mixed_precision: bf16`.",
		Why: "TrainingArguments stops with `Your setup doesn't support bf16/gpu`, DeepSpeed with `Type bf16 is not supported on your device.`, and Accelerate with `bf16 mixed precision requires PyTorch >= 1.10 and a supported device.` " +
			"Recent PyTorch reports bf16 as available on these GPUs through emulation, so a check can pass and the run crawl instead: the linter compares the compute capability itself.",
		Example:    "train.yaml: bf16: true   # .trainlint.yaml: hardware.gpu: v100-32gb",
		UseInstead: "train.yaml: fp16: true   # with \"fp16\": {\"enabled\": \"auto\"} in the DeepSpeed config",
		FixSafety:  "Unsafe: fp16 has a narrower range than bf16 and needs loss scaling; losses can overflow where bf16 trained fine. The fix edits the file that holds each value: the Trainer arguments, an explicit DeepSpeed value (set to \"auto\" under the Trainer or Accelerate), or Accelerate's mixed_precision.",
		References: []string{
			"huggingface/transformers v5.x src/transformers/training_args.py (TrainingArguments._validate_args bf16 device check)",
			"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (_do_sanity_check)",
			"https://docs.pytorch.org/docs/stable/generated/torch.cuda.is_bf16_supported.html",
		},
	},
	Example: lint.Example{
		Files:   map[string]string{"train.yaml": "output_dir: out\nper_device_train_batch_size: 4\nbf16: true\n"},
		Project: "hardware:\n  gpu: v100-32gb\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		g, ok := gpuOf(p)
		if !ok || g.BF16 {
			return
		}
		type source struct {
			c    conf
			key  *yaml.Node
			name string
		}
		var srcs []source
		var changes []lint.Change
		add := func(ch lint.Change, ok bool) {
			if ok {
				changes = append(changes, ch)
			}
		}
		for _, c := range trainerConfs(p.Job) {
			for _, name := range []string{"bf16", "bf16_full_eval", "pure_bf16", "bfloat16"} {
				k, v := c.get(name)
				if !isTrue(v) {
					continue
				}
				srcs = append(srcs, source{c, k, name})
				add(c.change(lint.Set, false, name))
				if name != "bf16_full_eval" {
					add(c.change(lint.Set, true, "fp16"))
				}
			}
		}
		hfFills := viaHF(p)
		if ds := dsConf(p.Job); ds.ok() {
			for _, name := range []string{"bf16", "bfloat16"} {
				k, v := ds.get(name + ".enabled")
				if !isTrue(v) || document.IsAuto(v) {
					continue
				}
				srcs = append(srcs, source{ds, k, name + ".enabled"})
				if hfFills {
					add(ds.change(lint.Set, "auto", name, "enabled"))
					if _, fv := ds.get("fp16.enabled"); !document.IsAuto(fv) {
						add(ds.change(lint.Set, "auto", "fp16", "enabled"))
					}
				} else {
					add(ds.change(lint.Set, false, name, "enabled"))
					add(ds.change(lint.Set, true, "fp16", "enabled"))
				}
			}
		}
		if ds := dsConf(p.Job); ds.ok() && hfFills && len(srcs) > 0 {
			// Without an fp16 section the integration has nowhere to put
			// fp16 and DeepSpeed would train in fp32.
			if _, fv := ds.get("fp16.enabled"); fv == nil {
				add(ds.change(lint.Set, "auto", "fp16", "enabled"))
			}
		}
		if acc := accConf(p.Job); acc.ok() {
			if k, v := acc.get("mixed_precision"); v != nil && strings.EqualFold(v.Value, "bf16") {
				srcs = append(srcs, source{acc, k, "mixed_precision"})
				add(acc.change(lint.Set, "fp16", "mixed_precision"))
			}
		}
		if len(srcs) == 0 {
			return
		}
		first := srcs[0]
		f := finding(first.c.file, first.key, "%q is true but %s has no bf16 (it needs compute capability 8.0 or newer)", first.name, gpuName(g))
		if first.c.file.Format == read.Accelerate {
			f.Message = fmt.Sprintf("\"mixed_precision\" is \"bf16\" but %s has no bf16 (it needs compute capability 8.0 or newer)", gpuName(g))
		}
		for _, s := range srcs[1:] {
			f.Notes = append(f.Notes, fmt.Sprintf("bf16 is also enabled by %q at %s", s.name, posOf(s.c.file, s.key)))
		}
		f.Notes = append(f.Notes, "the GPU is "+declaredBy(p))
		if len(changes) > 0 {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Switch to fp16 mixed precision", Safety: lint.Unsafe, Changes: dedupeChanges(changes)})
		}
		p.Report(f)
	},
}
