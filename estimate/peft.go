package estimate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// peftConfig is the adapter setup: which linear modules get LoRA adapters of
// which rank, and which modules are trained in full beside them.
type peftConfig struct {
	enabled bool
	r       int
	all     bool           // target_modules "all-linear"
	names   []string       // target_modules; PEFT matches a module whose name equals or ends with ".name"
	regex   *regexp.Regexp // a regex target (MiniCPM-V's lora_target_modules), matched against the full module name
	save    []string       // modules_to_save, normalized to part names (see savedParts)
	dropout bool           // lora_dropout above 0
}

// defaultLoRARank is PEFT's LoraConfig default r.
const defaultLoRARank = 8

// resolvePEFT reads the adapter settings. A regex the Go engine cannot
// compile (Python-only syntax such as look-arounds) falls back to adapting
// every linear layer: more adapters than the job has is the safe side.
func resolvePEFT(p *plan.Plan, m catalog.Model, assume func(string, ...any)) peftConfig {
	if !p.UsesPEFT() {
		return peftConfig{}
	}
	c := peftConfig{enabled: true, r: p.PEFT.R.Or(0)}
	if c.r <= 0 {
		c.r = defaultLoRARank
		assume("LoRA rank is %d (PEFT default)", defaultLoRARank)
	}
	for _, t := range p.PEFT.TargetModules.V {
		if strings.EqualFold(t, "all-linear") {
			c.all = true
			continue
		}
		c.names = append(c.names, t)
	}
	if expr := p.PEFT.TargetRegex.Or(""); expr != "" {
		re, err := regexp.Compile("^(?:" + expr + ")$")
		if err != nil {
			c.all = true
			assume("LoRA target regex %q does not compile in Go (%v); every linear layer is assumed adapted", expr, err)
		} else {
			c.regex = re
		}
	}
	if !c.all && len(c.names) == 0 && c.regex == nil {
		// PEFT's per-architecture default for llama-like models is q_proj and v_proj.
		c.names = []string{"q_proj", "v_proj"}
		assume("LoRA targets q_proj and v_proj (PEFT's default for %s)", m.Text.Arch)
	}
	for _, s := range p.PEFT.ModulesToSave.V {
		part, ok := savedPart(s)
		if !ok {
			assume("modules_to_save entry %q is not a known part of the model; not counted", s)
			continue
		}
		if !slices.Contains(c.save, part) {
			c.save = append(c.save, part)
		}
	}
	c.dropout = p.PEFT.Dropout.Or(0) > 0
	if p.PEFT.Dropout.Set {
		assume("LoRA adapters are kept in fp32 (PEFT's autocast_adapter_dtype default), lora_dropout %g", p.PEFT.Dropout.V)
	} else {
		assume("LoRA adapters are kept in fp32 (PEFT's autocast_adapter_dtype default) with lora_dropout 0")
	}
	for _, l := range m.Linears() {
		if l.Fused && l.Count > 1 {
			assume("the %s experts are fused 3-D parameters (transformers 5.x), which LoRA target_modules cannot adapt; "+
				"they stay frozen", m.Text.Arch)
			break
		}
	}
	return c
}

// savedPart maps a modules_to_save name to the part of the model it copies.
func savedPart(name string) (string, bool) {
	switch strings.ToLower(name) {
	case "embed_tokens", "wte", "tok_embeddings", "word_embeddings":
		return partEmbeddings, true
	case "lm_head", "output":
		return partLMHead, true
	case "resampler", "multi_modal_projector", "mm_projector", "projector", "mlp1", "merger":
		return partProjector, true
	case "vpm", "vision_tower", "visual", "vision_model":
		return partVision, true
	}
	return "", false
}

// textModulePrefixes are where decoder layers sit in the module trees of the
// wrappers trainlint knows (plain causal LM, LLaVA in transformers 4 and 5,
// MiniCPM-V, Idefics2 and Idefics3, whose Idefics2Model holds the decoder as
// text_model, a PEFT-wrapped model), so a regex written against any of them
// matches.
var textModulePrefixes = []string{
	"model.layers", "model.language_model.layers", "language_model.model.layers",
	"llm.model.layers", "model.text_model.layers", "base_model.model.model.layers",
}

var visionModulePrefixes = []string{
	"vision_tower.vision_model.encoder.layers", "model.vision_tower.vision_model.encoder.layers",
	"vpm.encoder.layers", "visual.blocks", "vision_model.encoder.layers",
}

// adapts reports whether a linear module of decoder layer (or vision layer)
// index gets an adapter.
func (c peftConfig) adapts(l catalog.Linear, index int, vision bool) bool {
	if !c.enabled || l.Fused {
		// PEFT's LoRA wraps nn.Linear (and Conv1D) modules; a bare 3-D expert
		// parameter or router weight is reached only through target_parameters
		// (peft tuners/lora/model.py), which trainlint does not read.
		return false
	}
	if c.all {
		return true
	}
	for _, n := range c.names {
		if l.Name == n || l.Path == n || strings.HasSuffix(l.Path, "."+n) {
			return true
		}
	}
	if c.regex == nil {
		return false
	}
	prefixes := textModulePrefixes
	if vision {
		prefixes = visionModulePrefixes
	}
	for _, pre := range prefixes {
		if c.regex.MatchString(fmt.Sprintf("%s.%d.%s", pre, index, l.Path)) {
			return true
		}
	}
	return false
}

// adapterCount counts LoRA parameters (A: in×r, B: r×out, no bias) and how
// many adapted linear modules there are, over all layers of the text
// decoder and the vision tower.
type adapterCount struct {
	params  int64
	modules int64
	// perLayer is the adapted modules of one decoder layer (the first),
	// which the activation model uses.
	perLayer []catalog.Linear
	// vision is the adapted modules of one vision-tower layer (the first
	// with any), which the tower's activation model uses; empty when the
	// tower has none.
	vision []catalog.Linear
}

func (c peftConfig) count(m catalog.Model, linears [][]catalog.Linear) adapterCount {
	var a adapterCount
	if !c.enabled {
		return a
	}
	r := int64(c.r)
	for i := range m.Text.Layers {
		for _, l := range linears[i] {
			if !c.adapts(l, i, false) {
				continue
			}
			a.params += r * int64(l.In+l.Out) * int64(max(l.Count, 1))
			a.modules += int64(max(l.Count, 1))
			if i == 0 {
				a.perLayer = append(a.perLayer, l)
			}
		}
	}
	if m.Vision == nil {
		return a
	}
	for i := range m.Vision.Layers {
		first := len(a.vision) == 0
		for _, l := range visionLinears(*m.Vision) {
			if c.adapts(l, i, true) {
				a.params += r * int64(l.In+l.Out)
				a.modules++
				if first {
					a.vision = append(a.vision, l)
				}
			}
		}
	}
	return a
}
