package rules

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/read"
)

// trainerOnly are Trainer and PEFT arguments that torchtune, LitGPT and
// NeMo-RL spell otherwise or not at all (read.Spellings).
var trainerOnly = map[string]bool{
	"attn_implementation": true, "use_peft": true, "use_lora": true, "load_in_4bit": true, "q_lora": true,
	"lora_target_modules": true, "max_seq_length": true, "model_max_length": true,
}

// TestFixKeysAccepted: on every corpus job whose memory is checked, every
// key a fix knob writes into a LLaMA-Factory config or llamafactory-cli
// launch is one its parser takes (LLaMA-Factory's dataclasses and
// transformers' TrainingArguments), every key written into an axolotl
// config is one axolotl's schema defines (read.AcceptedArgs, v0.18.0),
// every key written into a `swift` launch is one ms-swift's SftArguments
// defines (read.AcceptedArgs, v4.5.2) or a field of the TrainingArguments
// it extends, and a torchtune, LitGPT or NeMo-RL config is never given a
// Trainer-only key. The held-out corpus, which ships with the repository,
// holds the ms-swift launches; the shared corpora, when present, the
// LLaMA-Factory and axolotl configs.
func TestFixKeysAccepted(t *testing.T) {
	dirs, want := []string{"../testdata/wild"}, []string{"ms-swift"}
	if _, err := corpus.Manifest("../../shared/corpus"); err == nil {
		dirs, want = append(dirs, "../../shared/corpus", "../../shared/corpus2"), append(want, "LLaMA-Factory", "axolotl")
	} else {
		t.Logf("shared corpora skipped: %v", err)
	}
	res := read.Load(dirs, read.Options{Overrides: read.Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	args := knownArgs()
	axolotl, swift := read.AcceptedArgs("axolotl"), read.AcceptedArgs("ms-swift")
	checked := map[string]int{}
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
				var bad, framework string
				switch {
				case f.Format == read.LlamaFactory && top, f.Format == read.Script && read.LlamaFactoryCommand(j):
					framework = "LLaMA-Factory"
					if !args.llamaFactory[key] && !args.transformers5[key] {
						bad = "LLaMA-Factory's parser"
					}
				case f.Format == read.Axolotl && top:
					framework = "axolotl"
					if !axolotl[key] {
						bad = "axolotl's config schema"
					}
				case f.Format == read.Script && j.Command != nil && j.Command.Launcher == "swift":
					framework = "ms-swift"
					if !swift[key] && !args.transformers5[key] && !args.transformers4[key] {
						bad = "ms-swift's parser"
					}
				case f.Format == read.Torchtune, f.Format == read.LitGPT, f.Format == read.NemoRL:
					framework = string(f.Format)
					if trainerOnly[key] {
						bad = string(f.Format) + " (a Trainer-only key)"
					}
				default:
					continue
				}
				checked[framework]++
				if bad != "" {
					t.Errorf("%s: knob %s writes %q, which %s rejects", j.Primary.Path, k.ID, key, bad)
				}
			}
		}
	}
	for _, fw := range want {
		if checked[fw] == 0 {
			t.Errorf("no fix key written into a %s job was checked", fw)
		}
	}
	t.Logf("keys checked: %v", checked)
}
