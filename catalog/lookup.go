package catalog

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Match is a model Resolve found, and how the name led to it.
type Match struct {
	Model Model
	// How says why a name that is not the entry's id or one of its aliases names it ("the -Instruct variant of
	// Qwen/Qwen2.5-7B"); "" for an id or alias.
	How string
}

// variantTokens are the parts of a hub name that mark a checkpoint with its base model's architecture: chat and
// instruction tunes (-Instruct, -Chat, Gemma's -it), -Base, and the -hf of checkpoints converted to transformers.
// None of them changes a tensor's shape; Llama-3 and Qwen2.5 instruction tunes keep the base vocabulary size.
var variantTokens = map[string]bool{"instruct": true, "chat": true, "it": true, "base": true, "hf": true}

// distills maps DeepSeek-R1's distilled models (variant keys) to the catalog model with their architecture. The
// DeepSeek-R1 README (deepseek-ai/DeepSeek-R1, README.md, "DeepSeek-R1-Distill Models") names each one's base
// model: Qwen2.5-Math-7B (which has Qwen2.5-7B's shapes), Qwen2.5-14B, Qwen2.5-32B, Llama-3.1-8B and
// Llama-3.3-70B-Instruct (Llama-3.1-70B's shapes). The 1.5B distill is left out: its config unties the
// embeddings that its base, Qwen2.5-Math-1.5B, ties, so no catalog entry has its shapes.
var distills = map[string]struct{ id, base string }{
	"deepseek-r1-distill-qwen-7b":   {"Qwen/Qwen2.5-7B", "Qwen2.5-Math-7B"},
	"deepseek-r1-distill-qwen-14b":  {"Qwen/Qwen2.5-14B", "Qwen2.5-14B"},
	"deepseek-r1-distill-qwen-32b":  {"Qwen/Qwen2.5-32B", "Qwen2.5-32B"},
	"deepseek-r1-distill-llama-8b":  {"meta-llama/Llama-3.1-8B", "Llama-3.1-8B"},
	"deepseek-r1-distill-llama-70b": {"meta-llama/Llama-3.1-70B", "Llama-3.3-70B-Instruct"},
}

// variantKey reduces a hub name to what identifies its architecture: no organisation ("unsloth/",
// "NousResearch/"), no leading "Meta-" (Meta renamed Meta-Llama-3.1-8B to Llama-3.1-8B), no variant tokens,
// lower case. quantized is true for a bitsandbytes 4-bit upload ("-bnb-4bit", unsloth's "-unsloth-bnb-4bit").
// Sizes and versions are kept: "llama-3.1-8b" and "llama-3-8b" stay apart, and so do 7B and 72B.
func variantKey(name string) (key string, quantized bool) {
	s := maskedDot.ReplaceAllString(lookupKey(name), "$1.$2")
	s = hyphenVersion.ReplaceAllString(s, "${1}v$2.$3$4")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	toks := strings.Split(s, "-")
	if n := len(toks); n >= 2 && toks[n-2] == "bnb" && toks[n-1] == "4bit" {
		quantized, toks = true, toks[:n-2]
		if n := len(toks); n > 0 && toks[n-1] == "unsloth" {
			toks = toks[:n-1]
		}
	}
	if len(toks) > 1 && toks[0] == "meta" {
		toks = toks[1:]
	}
	out := toks[:0]
	for _, t := range toks {
		if !variantTokens[t] {
			out = append(out, t)
		}
	}
	return strings.Join(out, "-"), quantized
}

// maskedDot is a version's dot written as "_" between digits (Qwen2_5, a
// folder name that keeps dots out of paths, as OpenGVLab/VideoChat-Flash@2f8e2f5
// llava-train_videochat/scripts/train/stage1-init_connector/*.sh name
// Qwen/Qwen2_5-7B-Instruct) or as "___" (ModelScope's cache directory for a
// name with a dot, modelscope/hub/utils/utils.py get_model_masked_directory):
// the variant key reads it as the dot.
var maskedDot = regexp.MustCompile(`(\d)(?:___|_)(\d)`)

// hyphenVersion is a "v" version whose dot is written "-" ("vicuna-7b-v1-5",
// the folder LLaVA's scripts load Vicuna v1.5 from, LLaVA-VL/LLaVA-NeXT@
// df17966 scripts/archived/finetune.sh): the variant key reads it as the dot. Both numbers stand between separators,
// so a version followed by a size ("-v1-7b") is left alone.
var hyphenVersion = regexp.MustCompile(`(^|[-_/])v(\d+)-(\d+)($|[-_/])`)

// Resolve finds the model a name means, the ways people write it: an id or alias (Model), the same name under
// another organisation (a mirror or fine-tune: "NousResearch/Meta-Llama-3-8B"), a variant of a catalog model
// (-Instruct, -Chat, -it, -Base, -hf, "Meta-" dropped, a -bnb-4bit upload, which then carries nf4 quantization),
// and DeepSeek-R1's distills. An exact match always wins; a name two entries could mean matches neither, and no
// rule ever changes a size. The error for an unknown name is Model's *NotFoundError.
func (c *Catalog) Resolve(name string) (Match, error) {
	m, err := c.Model(name)
	if err == nil {
		return Match{Model: m}, nil
	}
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		return Match{}, err
	}
	if i := strings.LastIndexByte(name, '/'); i > 0 {
		if m, err := c.Model(name[i+1:]); err == nil {
			return Match{Model: m, How: fmt.Sprintf("%s under another organisation", name[i+1:])}, nil
		}
	}
	key, quantized := variantKey(name)
	if key == "" {
		return Match{}, err
	}
	if d, ok := distills[key]; ok {
		if m, derr := c.Model(d.id); derr == nil {
			return Match{Model: m, How: fmt.Sprintf("a DeepSeek-R1 distill of %s, with %s's architecture", d.base, m.ID)}, nil
		}
	}
	found := -1
	for i, cm := range c.modelList() {
		for _, k := range append([]string{cm.ID}, cm.Aliases...) {
			if kk, kq := variantKey(k); kk != key || kq {
				continue
			}
			if found >= 0 && found != i {
				return Match{}, err
			}
			found = i
		}
	}
	if found < 0 {
		return Match{}, err
	}
	// modelList holds only names and aliases in the lazily decoded builtin catalog: take the decoded entry.
	m = c.model(found).clone()
	how := "a variant of " + m.ID + " with its architecture"
	if maskedDot.MatchString(name) {
		how += ", a version's dot written as an underscore"
	}
	if hyphenVersion.MatchString(lookupKey(name)) {
		how += ", a version's dot written as a hyphen"
	}
	if quantized && m.Quantization == "" {
		// bitsandbytes 4-bit uploads (unsloth's -bnb-4bit) store nf4: their config.json's quantization_config
		// has bnb_4bit_quant_type "nf4", which from_pretrained applies without any flag of the training config.
		m.Quantization = "nf4"
		how = "a bitsandbytes nf4 upload of " + m.ID
	}
	return Match{Model: m, How: how}, nil
}
