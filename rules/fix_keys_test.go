package rules

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/read"
)

// axolotlFixKeys are the axolotl config keys fix may write, each a field of
// axolotl's AxolotlInputConfig (docs/config-reference.qmd at
// axolotl-ai-cloud/axolotl@29468bf, and used at the top level by the
// axolotl examples in the corpus).
var axolotlFixKeys = map[string]bool{
	"adapter": true, "attn_implementation": true, "flash_attention": true, "sdp_attention": true, "xformers_attention": true,
	"gradient_accumulation_steps": true, "gradient_checkpointing": true, "load_in_4bit": true, "load_in_8bit": true,
	"lora_target_linear": true, "micro_batch_size": true, "optimizer": true, "sequence_len": true,
}

// trainerOnly are Trainer and PEFT arguments that ms-swift, torchtune,
// LitGPT and NeMo-RL spell otherwise or not at all (read.Spellings).
var trainerOnly = map[string]bool{
	"attn_implementation": true, "use_peft": true, "use_lora": true, "load_in_4bit": true, "q_lora": true,
	"lora_target_modules": true, "max_seq_length": true, "model_max_length": true,
}

// TestFixKeysAccepted: on every corpus job whose memory is checked, every
// key a fix knob writes into a LLaMA-Factory config or llamafactory-cli
// launch is one its parser takes (LLaMA-Factory's dataclasses and
// transformers' TrainingArguments), every key written into an axolotl
// config is one of axolotl's, and an ms-swift launch or a torchtune, LitGPT
// or NeMo-RL config is never given a Trainer-only key.
func TestFixKeysAccepted(t *testing.T) {
	res := read.Load([]string{"../../shared/corpus", "../../shared/corpus2"}, read.Options{Overrides: read.Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	if len(res.Jobs) == 0 {
		t.Skip("no corpus")
	}
	args := knownArgs()
	checked := 0
	for _, j := range res.Jobs {
		if j.Plan == nil || len(j.Plan.MemoryGaps) > 0 {
			continue
		}
		for _, k := range generate.Knobs(j.Plan) {
			for _, c := range k.Changes(j) {
				f := j.File(c.File)
				if f == nil || len(c.Path) == 0 {
					continue
				}
				key := strings.TrimPrefix(c.Path[len(c.Path)-1], "--")
				top := len(c.Path) == 1 || f.Format == read.Script
				var bad string
				switch {
				case f.Format == read.LlamaFactory && top, f.Format == read.Script && read.LlamaFactoryCommand(j):
					if !args.llamaFactory[key] && !args.transformers5[key] {
						bad = "LLaMA-Factory's parser"
					}
				case f.Format == read.Axolotl && top:
					if !axolotlFixKeys[key] {
						bad = "axolotl's config schema"
					}
				case f.Format == read.Script && j.Command != nil && j.Command.Launcher == "swift",
					f.Format == read.Torchtune, f.Format == read.LitGPT, f.Format == read.NemoRL:
					if trainerOnly[key] {
						bad = string(f.Format) + " (a Trainer-only key)"
					}
				default:
					continue
				}
				checked++
				if bad != "" {
					t.Errorf("%s: knob %s writes %q, which %s rejects", j.Primary.Path, k.ID, key, bad)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no fix key of LLaMA-Factory, axolotl, ms-swift or a recipe framework checked")
	}
	t.Logf("%d keys checked", checked)
}
