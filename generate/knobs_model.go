package generate

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// attentionKnobs pick an attention kernel that does not materialise the
// seq × seq score matrix: sdpa instead of eager, and flash_attention_2 where
// the GPU has it and the compute dtype is 16-bit. flash_attention_2 is
// unsafe: it needs the flash-attn package, which no config can install, and
// transformers refuses to load the model without it
// (src/transformers/modeling_utils.py, PreTrainedModel._flash_attn_2_can_dispatch,
// v4.57: "the package flash_attn seems to be not installed", an ImportError).
func attentionKnobs(p *plan.Plan) []*Knob {
	a := strings.ToLower(p.Attention.Or("sdpa"))
	var out []*Knob
	add := func(id, impl string, safety lint.Safety, cost string, rank int) {
		out = append(out, &Knob{
			ID:     id,
			Group:  "attention",
			Title:  fmt.Sprintf("Set `attn_implementation` to %q", impl),
			Safety: safety,
			Cost:   cost,
			Rank:   rank,
			apply: func(q *plan.Plan) bool {
				if strings.ToLower(q.Attention.Or("sdpa")) != a {
					return false
				}
				q.Attention = plan.Of(impl, q.Attention.From)
				return true
			},
			changes: func(t *target) []lint.Change { return attentionChanges(t, impl) },
		})
	}
	if a == "eager" {
		add("attention-sdpa", "sdpa", lint.Safe, "no extra step time: the fused kernel is usually faster", 0)
	}
	sixteen := p.Precision.V == plan.BF16 || p.Precision.V == plan.FP16 || p.LoadDtype.V == plan.BF16 || p.LoadDtype.V == plan.FP16
	if a != "flash_attention_2" && p.Hardware.GPU.Set && p.Hardware.GPU.V.FlashAttention2 && sixteen {
		add("attention-flash", "flash_attention_2", lint.Unsafe,
			"needs the flash-attn package installed (transformers raises an ImportError without it); no extra step time: the fused kernel is usually faster", 1)
	}
	return out
}

// attentionChanges writes the kernel choice in the spelling of the file
// that takes it. A script that hard-codes the kernel (MiniCPM-V's
// finetune.py) refuses the key in its read.Spellings, so there it is left
// to the user.
func attentionChanges(t *target, impl string) []lint.Change {
	all := []string{"attn_implementation", "use_flash_attention_2", "flash_attn", "flash_attention", "sdp_attention", "xformers_attention"}
	r, ok := t.trainerRoot()
	for _, c := range t.roots() {
		if k, _ := has(c, all); k != "" && c.kind != read.DeepSpeed && c.kind != read.Accelerate {
			r, ok = c, true
			break
		}
	}
	if !ok {
		return nil
	}
	isTrue := func(key string) bool {
		_, v := document.Lookup(r.node, key)
		b, ok := document.Bool(v, true)
		return ok && b
	}
	var out []lint.Change
	switch formatOf(r) {
	case read.LlamaFactory:
		v := map[string]string{"flash_attention_2": "fa2", "sdpa": "sdpa", "eager": "disabled"}[impl]
		out = append(out, t.change(r, "flash_attn", v))
	case read.Axolotl:
		if k, _ := has(r, []string{"attn_implementation"}); k != "" {
			// axolotl refuses the legacy flags next to attn_implementation
			// (see axolotl-config-conflict).
			out = append(out, t.change(r, k, impl))
			break
		}
		on, off := "sdp_attention", []string{"flash_attention", "xformers_attention"}
		if impl == "flash_attention_2" {
			on, off = "flash_attention", []string{"sdp_attention", "xformers_attention"}
		}
		out = append(out, t.change(r, on, true))
		for _, k := range off {
			if isTrue(k) {
				out = append(out, t.change(r, k, false))
			}
		}
	default:
		out = append(out, t.change(r, "attn_implementation", impl))
		if impl != "flash_attention_2" && isTrue("use_flash_attention_2") {
			out = append(out, t.change(r, "use_flash_attention_2", false))
		}
	}
	return out
}

// adamNames are the HF optim names of torch's AdamW.
var adamNames = map[string]bool{"adamw_torch": true, "adamw_hf": true, "adamw": true, "adam": true}

// optimizerKnobs: a fused AdamW (same math, no foreach temporaries), and
// the unsafe 8-bit AdamW and Adafactor. None applies when DeepSpeed builds
// the optimizer (an "optimizer" section, or an offloaded step).
func optimizerKnobs(p *plan.Plan) []*Knob {
	o := strings.ToLower(p.Optimizer.V)
	if p.Optimizer.From.Key == "optimizer.type" || (p.ZeRO.Enabled && p.ZeRO.OffloadOptimizer.V != plan.OffloadNone && p.ZeRO.OffloadOptimizer.V != "") {
		return nil
	}
	adamLike := adamNames[o] || o == "adamw_torch_fused"
	var out []*Knob
	add := func(id, name string, safety lint.Safety, cost string, rank int) {
		out = append(out, &Knob{
			ID:     id,
			Group:  "optimizer",
			Title:  fmt.Sprintf("Set `optim` to %q", name),
			Safety: safety,
			Cost:   cost,
			Rank:   rank,
			apply: func(q *plan.Plan) bool {
				if strings.ToLower(q.Optimizer.V) != o || q.Optimizer.From.Key == "optimizer.type" {
					return false
				}
				q.Optimizer = plan.Of(name, q.Optimizer.From)
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(fieldOptimizer, t.job.Plan.Optimizer.From, name, nil)
			},
		})
	}
	if adamNames[o] {
		add("fused-optimizer", "adamw_torch_fused", lint.Safe, "no extra step time: one fused kernel instead of per-tensor loops (often faster)", 0)
	}
	if adamLike {
		add("optimizer-8bit", "adamw_bnb_8bit", lint.Unsafe, "about the same speed; optimizer states quantised to 8 bits (small quality risk)", 20)
		add("adafactor", "adafactor", lint.Unsafe, "a different optimizer: factored second moment, no momentum; convergence may change", 30)
	}
	return out
}

// precisionKnobs switch bf16 to fp16 on GPUs without bf16 (V100, T4), where
// bf16 is emulated or rejected.
func precisionKnobs(p *plan.Plan) []*Knob {
	if !p.Hardware.GPU.Set || p.Hardware.GPU.V.BF16 || (p.Precision.V != plan.BF16 && p.LoadDtype.V != plan.BF16) {
		return nil
	}
	return []*Knob{{
		ID:     "fp16-instead-of-bf16",
		Group:  "precision",
		Title:  fmt.Sprintf("Train in fp16 instead of bf16 (`bf16: false`, `fp16: true`): %s has no bf16", p.Hardware.GPU.V.Name),
		Safety: lint.Safe,
		Cost:   "no extra step time: fp16 runs natively on this GPU (with loss scaling)",
		Rank:   2,
		apply: func(q *plan.Plan) bool {
			if q.Precision.V != plan.BF16 && q.LoadDtype.V != plan.BF16 {
				return false
			}
			if q.Precision.V == plan.BF16 {
				q.Precision.V = plan.FP16
			}
			if q.LoadDtype.V == plan.BF16 {
				q.LoadDtype.V = plan.FP16
			}
			return true
		},
		changes: fp16Changes,
	}}
}

func fp16Changes(t *target) []lint.Change {
	var out []lint.Change
	for _, r := range t.roots() {
		switch r.kind {
		case read.DeepSpeed:
			if key, v := has(r, []string{"bf16.enabled", "bfloat16.enabled"}); key != "" && !document.IsAuto(v) {
				if b, _ := document.Bool(v, true); b {
					out = append(out, t.change(r, key, false))
					if k, fv := has(r, []string{"fp16.enabled"}); k == "" || !document.IsAuto(fv) {
						out = append(out, t.change(r, "fp16.enabled", true))
					}
				}
			}
		case read.Accelerate:
			if _, v := has(r, []string{"mixed_precision"}); v != nil && strings.EqualFold(v.Value, "bf16") {
				out = append(out, t.change(r, "mixed_precision", "fp16"))
			}
		default:
			changed := false
			for _, key := range []string{"bf16", "pure_bf16", "bf16_full_eval"} {
				if _, v := has(r, []string{key}); v != nil {
					if b, ok := document.Bool(v, true); ok && b {
						out = append(out, t.change(r, key, false))
						changed = true
					}
				}
			}
			if changed {
				out = append(out, t.change(r, "fp16", true))
			}
			if key, v := has(r, []string{"torch_dtype", "dtype"}); key != "" && strings.Contains(strings.ToLower(v.Value), "bf") {
				out = append(out, t.change(r, key, "float16"))
			}
		}
	}
	if lp := t.job.Plan.LoadDtype; lp.V == plan.BF16 && lp.From.Kind == plan.FromProject && t.job.Project != nil {
		out = append(out, t.projectChange("training.load_dtype", "fp16"))
	}
	return out
}

// moreGPUKnobs suggest doubling the GPUs: fill the node to 8, then add
// nodes. Hardware is declared, not configured, so it is advice only.
func moreGPUKnobs(p *plan.Plan) []*Knob {
	if !p.Hardware.GPU.Set {
		return nil
	}
	per, nodes := max(1, p.Hardware.GPUsPerNode.Or(1)), max(1, p.Hardware.Nodes.Or(1))
	newPer, newNodes := per, nodes
	if per < 8 {
		newPer = min(8, per*2)
	} else {
		newNodes = nodes * 2
	}
	world := newPer * newNodes
	where := fmt.Sprintf("%d × %s", newPer, p.Hardware.GPU.V.Name)
	if newNodes > 1 {
		where = fmt.Sprintf("%d nodes of %s", newNodes, where)
	}
	ga := max(1, p.GradAccum.Or(1))
	factor := world / p.World()
	keepGA := factor > 0 && world%p.World() == 0 && ga%factor == 0
	title := fmt.Sprintf("Use %d GPUs (%s) instead of %d", world, where, p.World())
	if keepGA {
		title += fmt.Sprintf(", with `gradient_accumulation_steps` %d to keep the global batch", ga/factor)
	}
	return []*Knob{{
		ID:     "more-gpus",
		Group:  "hardware",
		Title:  title,
		Safety: lint.Safe,
		Cost:   "more hardware; each GPU holds a smaller share of the sharded states",
		Rank:   100,
		Advice: true,
		apply: func(q *plan.Plan) bool {
			if q.World() != per*nodes {
				return false
			}
			q.Hardware.GPUsPerNode = plan.Of(newPer, q.Hardware.GPUsPerNode.From)
			q.Hardware.Nodes = plan.Of(newNodes, q.Hardware.Nodes.From)
			if keepGA {
				q.GradAccum.V = ga / factor
			}
			return true
		},
	}}
}
