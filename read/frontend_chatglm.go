package read

import (
	"path"

	"github.com/trainlint/trainlint/plan"
)

// chatGLMPTuningScript is the P-Tuning v2 script the reader recognizes:
// ptuning/main.py with its ModelArguments (ptuning/arguments.py) at
// THUDM/ChatGLM2-6B@cb8e8b4 (2024-06-27); ChatGLM-6B's ptuning/ has the same
// two arguments.
const chatGLMPTuningScript = "ChatGLM2-6B ptuning/main.py at THUDM/ChatGLM2-6B@cb8e8b4"

// chatGLMPTuning declines ChatGLM's P-Tuning v2 launches by name.
var chatGLMPTuning = frontend{name: "ChatGLM P-Tuning v2", reads: "launches of ChatGLM-6B's and ChatGLM2-6B's ptuning/main.py with --pre_seq_len", owns: ownsChatGLMPTuning, apply: applyChatGLMPTuning}

// ownsChatGLMPTuning: the launch runs a main.py with --pre_seq_len, the
// argument only ChatGLM's P-Tuning script defines (ModelArguments.pre_seq_len).
func ownsChatGLMPTuning(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || path.Base(j.Command.Program.Text) != "main.py" {
		return false
	}
	n, _ := s.node("pre_seq_len")
	return n != nil
}

// applyChatGLMPTuning leaves the job's memory unestimated, with why: with
// pre_seq_len set, main.py casts the model to fp16 or first quantizes it
// with ChatGLM's own int4/int8 kernels (model.quantize(quantization_bit)),
// keeps only the prefix encoder in fp32, and the model's remote code freezes
// every other parameter (ptuning/README.md: P-Tuning v2 freezes all model
// parameters). Without pre_seq_len the same script fine-tunes the whole
// model in fp32 (model.float()), which the Trainer reading estimates.
func applyChatGLMPTuning(p *plan.Plan, s settings) {
	n, at := s.node("pre_seq_len")
	if n == nil {
		return
	}
	recipeGap(p, "ChatGLM P-Tuning v2: not read", chatGLMPTuningScript+" freezes the whole model, loads it in fp16 or in ChatGLM's own int4/int8 (quantization_bit), and trains a prefix encoder of pre_seq_len tokens in fp32; none of that is modelled", at)
}
