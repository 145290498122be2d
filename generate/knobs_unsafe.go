package generate

import (
	"fmt"
	"math"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// peftKnobs train adapters instead of the full model (LoRA), or adapters on
// a 4-bit base (QLoRA). Unsafe: a different model is trained.
func peftKnobs(p *plan.Plan) []*Knob {
	if p.Recipe.V == plan.RecipeMiniCPMV {
		return miniCPMVPEFTKnobs(p)
	}
	method := p.PEFT.Method.Or("none")
	var out []*Knob
	if !p.UsesPEFT() {
		out = append(out, &Knob{
			ID:     "lora",
			Group:  "peft",
			Title:  "Train LoRA adapters instead of the full model",
			Safety: lint.Unsafe,
			Cost:   "trains low-rank adapters only: faster steps, possibly lower quality",
			Rank:   50,
			apply: func(q *plan.Plan) bool {
				if q.UsesPEFT() {
					return false
				}
				q.PEFT.Method = plan.Of("lora", q.PEFT.Method.From)
				allLinear(q)
				shareWithPEFT(q)
				return true
			},
			changes: func(t *target) []lint.Change { return peftChanges(t, false) },
		})
	}
	if method != "qlora" {
		out = append(out, &Knob{
			ID:     "qlora",
			Group:  "peft",
			Title:  "Train LoRA adapters on a 4-bit (NF4) base model (QLoRA)",
			Safety: lint.Unsafe,
			Cost:   "4-bit base weights are dequantised in every matmul (~+30–50% step time) and carry quantisation error",
			Rank:   70,
			apply: func(q *plan.Plan) bool {
				if q.PEFT.Method.V == "qlora" {
					return false
				}
				if !q.UsesPEFT() {
					allLinear(q)
				}
				q.PEFT.Method = plan.Of("qlora", q.PEFT.Method.From)
				q.Quant = plan.Of(plan.NF4, q.Quant.From)
				shareWithPEFT(q)
				return true
			},
			changes: func(t *target) []lint.Change { return peftChanges(t, true) },
		})
	}
	return out
}

// int4Quality is what the MiniCPM-V maintainers say the int4 checkpoint
// costs: "We see a 1 percent loss of precision which is in a reasonable
// range" (OpenBMB/MiniCPM-V#147; #143: "within one point").
const int4Quality = "about 1% lower accuracy than the 16-bit model (the maintainers' figure for the int4 checkpoint, OpenBMB/MiniCPM-V#147)"

// miniCPMVPEFTKnobs are LoRA and QLoRA as MiniCPM-V's finetune.py spells
// them. Its LoRA needs tune_llm false (it raises otherwise) and trains full
// copies of the embeddings and resampler beside the adapters (read.MiniCPMVLoRA).
// Its q_lora quantizes nothing: the 4-bit weights come from the int4
// checkpoint, so QLoRA names that checkpoint in model_name_or_path, and is
// offered only where one is published and outside ZeRO-3 and FSDP, which the
// script calls incompatible with QLoRA.
func miniCPMVPEFTKnobs(p *plan.Plan) []*Knob {
	var out []*Knob
	lora := func(q *plan.Plan, method string) {
		q.PEFT.Method = plan.Of(method, q.PEFT.Method.From)
		if !q.Frozen("llm") {
			freeze("llm")(q)
		}
		read.MiniCPMVLoRA(q)
	}
	if !p.UsesPEFT() {
		out = append(out, &Knob{
			ID:     "lora",
			Group:  "peft",
			Title:  "Train LoRA adapters instead of the full LLM (`use_lora: true`, `tune_llm: false`)",
			Safety: lint.Unsafe,
			Cost:   "trains low-rank adapters on the LLM's attention, plus the embeddings and resampler in full: faster steps, possibly lower quality",
			Rank:   50,
			apply: func(q *plan.Plan) bool {
				if q.UsesPEFT() {
					return false
				}
				lora(q, "lora")
				return true
			},
			changes: func(t *target) []lint.Change { return miniCPMVPEFTChanges(t, "") },
		})
	}
	id, ok := int4Checkpoint(p)
	sharded := (p.ZeRO.Enabled && p.ZeRO.Stage.V >= 3) || (p.FSDP.Mode.Set && p.FSDP.Mode.V != "" && p.FSDP.Mode.V != "no_shard")
	if !ok || sharded || p.PEFT.Method.V == "qlora" {
		return out
	}
	out = append(out, &Knob{
		ID:     "qlora",
		Group:  "peft",
		Title:  fmt.Sprintf("Train LoRA on the int4 checkpoint %s (`q_lora: true`, `model_name_or_path: %s`)", id, id),
		Safety: lint.Unsafe,
		Cost:   int4Quality + "; 4-bit weights are dequantised in every matmul (~+30–50% step time)",
		Rank:   70,
		apply: func(q *plan.Plan) bool {
			if q.PEFT.Method.V == "qlora" {
				return false
			}
			q.ModelRef = plan.Of(id, q.ModelRef.From)
			q.Quant = plan.Of(plan.NF4, q.Quant.From)
			lora(q, "qlora")
			return true
		},
		changes: func(t *target) []lint.Change { return miniCPMVPEFTChanges(t, id) },
	})
	return out
}

// int4Checkpoint is the published int4 checkpoint of the plan's model
// (its id with "-int4"), when the catalog holds it as a 4-bit model.
func int4Checkpoint(p *plan.Plan) (string, bool) {
	if !p.Model.Set || p.Model.V.Quantization != "" {
		return "", false
	}
	m, err := catalog.Builtin().Model(p.Model.V.ID + "-int4")
	if err != nil || (m.Quantization != "nf4" && m.Quantization != "fp4") {
		return "", false
	}
	return m.ID, true
}

// miniCPMVPEFTChanges turns LoRA on in MiniCPM-V's finetune.py arguments
// (use_lora, and tune_llm false, which LoRA requires), and for QLoRA sets
// q_lora and points model_name_or_path at the int4 checkpoint. The script's
// own default targets the LLM's q/k/v, so no targets are written.
func miniCPMVPEFTChanges(t *target, int4 string) []lint.Change {
	r, ok := t.trainerRoot()
	if !ok {
		return nil
	}
	p := t.job.Plan
	var out []lint.Change
	if !p.UsesPEFT() {
		out = append(out, t.change(r, "use_lora", true))
		if !p.Frozen("llm") {
			out = append(out, t.change(r, "tune_llm", false))
		}
	}
	if int4 != "" {
		out = append(out, t.change(r, "q_lora", true))
		ref := field{trainer: hfNames("model_name_or_path")}
		chs := t.set(ref, p.ModelRef.From, int4, nil)
		if len(chs) == 0 {
			return nil
		}
		out = append(out, chs...)
	}
	return out
}

// shareWithPEFT makes the references that the framework takes from a PEFT
// policy with its adapters off (Companion.SharedWithPEFT) shared.
func shareWithPEFT(q *plan.Plan) {
	cs := make([]plan.Companion, len(q.RL.Companions))
	for i, c := range q.RL.Companions {
		c.Shared = c.Shared || c.SharedWithPEFT
		cs[i] = c
	}
	q.RL.Companions = cs
}

// allLinear adapts every linear layer when nothing names the targets, as
// the knobs write it: the frameworks' own defaults differ (PEFT's is q_proj
// and v_proj), so the files say it explicitly.
func allLinear(q *plan.Plan) {
	if len(q.PEFT.TargetModules.V) == 0 && q.PEFT.TargetRegex.Or("") == "" {
		q.PEFT.TargetModules = plan.Of([]string{"all-linear"}, q.PEFT.Method.From)
	}
}

// peftChanges turns adapters on in the spelling of the job's Trainer-side
// file: LLaMA-Factory's finetuning_type, axolotl's adapter, MiniCPM-V's
// use_lora/q_lora, TRL's use_peft/load_in_4bit; a job without targets gets
// every linear layer, written explicitly.
func peftChanges(t *target, fourBit bool) []lint.Change {
	r, ok := t.trainerRoot()
	if !ok {
		return nil
	}
	p := t.job.Plan
	needTargets := !p.UsesPEFT() && len(p.PEFT.TargetModules.V) == 0 && p.PEFT.TargetRegex.Or("") == ""
	set := func(key string, v any) lint.Change { return t.change(r, key, v) }
	var out []lint.Change
	switch formatOf(r) {
	case read.LlamaFactory:
		out = append(out, set("finetuning_type", "lora"))
		if fourBit {
			out = append(out, set("quantization_bit", 4))
		}
		if needTargets {
			out = append(out, set("lora_target", "all"))
		}
		return out
	case read.Axolotl:
		out = append(out, set("adapter", map[bool]string{false: "lora", true: "qlora"}[fourBit]))
		if fourBit {
			out = append(out, set("load_in_4bit", true))
		}
		if needTargets {
			out = append(out, set("lora_target_linear", true))
		}
		return out
	}
	key := "use_peft"
	if k, _ := has(r, []string{"use_lora", "use_peft", "lora_enable"}); k != "" {
		key = k
	}
	out = append(out, set(key, true))
	if fourBit {
		q := "load_in_4bit"
		if key == "use_lora" {
			q = "q_lora"
		}
		out = append(out, set(q, true))
	}
	if needTargets {
		// PEFT reads the string "all-linear" as every linear layer but the
		// output head.
		out = append(out, set("lora_target_modules", "all-linear"))
	}
	return out
}

// freezeKnobs stop training the vision tower, or the LLM, of a
// vision-language model (MiniCPM-V's tune_vision/tune_llm, LLaMA-Factory's
// freeze_vision_tower).
func freezeKnobs(p *plan.Plan) []*Knob {
	if !p.Model.Set || p.Model.V.Vision == nil {
		return nil
	}
	var out []*Knob
	if !p.Frozen("vision") {
		title := "Freeze the vision tower (`tune_vision: false`)"
		if p.Recipe.V == plan.RecipeMiniCPMV && (!p.Frozen("llm") || p.UsesPEFT()) {
			title += ": tune only the LLM part and the resampler"
		}
		out = append(out, &Knob{
			ID:     "freeze-vision",
			Group:  "freeze-vision",
			Title:  title,
			Safety: lint.Unsafe,
			Cost:   "the vision tower stops adapting to your images (faster steps)",
			Rank:   40,
			apply:  freezeSynced("vision"),
			changes: func(t *target) []lint.Change {
				r, ok := t.trainerRoot()
				switch {
				case !ok:
					return nil
				case formatOf(r) == read.LlamaFactory:
					return []lint.Change{t.change(r, "freeze_vision_tower", true)}
				case t.minicpmV():
					return []lint.Change{t.change(r, "tune_vision", false)}
				}
				return t.recipeFreeze("vision")
			},
		})
	}
	if !p.Frozen("llm") {
		out = append(out, &Knob{
			ID:     "freeze-llm",
			Group:  "freeze-llm",
			Title:  "Freeze the language model (`tune_llm: false`): only the vision tower and resampler train",
			Safety: lint.Unsafe,
			Cost:   "the language model stops adapting (faster steps)",
			Rank:   60,
			apply:  freezeSynced("llm"),
			changes: func(t *target) []lint.Change {
				if r, ok := t.trainerRoot(); ok && t.minicpmV() {
					return []lint.Change{t.change(r, "tune_llm", false)}
				}
				return t.recipeFreeze("llm")
			},
		})
	}
	return out
}

// freezeSynced freezes a part and keeps what MiniCPM-V's LoRA trains in
// step (freezing its vision tower drops vpm from modules_to_save).
func freezeSynced(part string) func(q *plan.Plan) bool {
	return func(q *plan.Plan) bool {
		if !freeze(part)(q) {
			return false
		}
		read.MiniCPMVLoRA(q)
		return true
	}
}

func freeze(part string) func(q *plan.Plan) bool {
	return func(q *plan.Plan) bool {
		if q.Frozen(part) {
			return false
		}
		q.Freeze = plan.Of(append(append([]string(nil), q.Freeze.V...), part), q.Freeze.From)
		return true
	}
}

// maxImageSide is the image knob's target, what MiniCPM-V's maintainers
// advise for V100-32GB ("compress the image input to about 500 pixels").
const maxImageSide = 500

// imageKnobs shrink the images of a vision-language job: resize them to at
// most 500×500, or cut them into fewer slices. Both change the data.
func imageKnobs(p *plan.Plan) []*Knob {
	if !p.Model.Set || p.Model.V.Vision == nil {
		return nil
	}
	m := p.Model.V
	w, h := p.Images.Width.Or(0), p.Images.Height.Or(0)
	if w <= 0 || h <= 0 {
		w, h = m.Vision.ImageSize, m.Vision.ImageSize
	}
	var out []*Knob
	if w > maxImageSide || h > maxImageSide {
		scale := float64(maxImageSide) / float64(max(w, h))
		nw, nh := max(1, int(math.Floor(float64(w)*scale))), max(1, int(math.Floor(float64(h)*scale)))
		out = append(out, &Knob{
			ID:     "smaller-images",
			Group:  "images",
			Title:  fmt.Sprintf("Resize images to at most %d×%d (%d×%d → %d×%d) and declare it in `training.images`", maxImageSide, maxImageSide, w, h, nw, nh),
			Safety: lint.Unsafe,
			Cost:   "less visual detail per image (a data change: resize the images before training)",
			Rank:   45,
			apply: func(q *plan.Plan) bool {
				if q.Images.Width.Or(w) != w || q.Images.Height.Or(h) != h {
					return false
				}
				q.Images.Width = plan.Of(nw, q.Images.Width.From)
				q.Images.Height = plan.Of(nh, q.Images.Height.From)
				return true
			},
			changes: func(t *target) []lint.Change {
				if t.job.Project == nil {
					return nil
				}
				return []lint.Change{t.projectChange("training.images.width", nw), t.projectChange("training.images.height", nh)}
			},
		})
	}
	cur := p.Images.MaxSlices.Or(m.Slicing.MaxSlices)
	if m.Slicing.Mode != "" && cur > 1 && m.Slices(w, h) > cur/2+1 {
		to := cur / 2
		key := "max_slice_nums"
		if m.Slicing.Mode == "internvl" {
			key = "max_dynamic_patch"
		}
		f := field{trainer: hfNames(key), project: fieldMaxSlices.project}
		out = append(out, &Knob{
			ID:     "fewer-slices",
			Group:  "slices",
			Title:  fmt.Sprintf("Set `%s` to %d (was %d): large images are cut into fewer slices", key, to, cur),
			Safety: lint.Unsafe,
			Cost:   "less visual detail for large images (faster steps)",
			Rank:   45,
			apply: func(q *plan.Plan) bool {
				if q.Images.MaxSlices.Or(q.Model.V.Slicing.MaxSlices) != cur {
					return false
				}
				q.Images.MaxSlices = plan.Of(to, q.Images.MaxSlices.From)
				return true
			},
			changes: func(t *target) []lint.Change {
				return t.set(f, t.job.Plan.Images.MaxSlices.From, to, nil)
			},
		})
	}
	return out
}
