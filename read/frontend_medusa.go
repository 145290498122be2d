package read

import (
	"github.com/trainlint/trainlint/plan"
)

// medusaScript cites the script whose TrainingArguments subclass defines
// medusa_num_heads and medusa_num_layers (medusa/train/train_legacy.py at
// FasterDecoding/Medusa@e2a5d20; earlier snapshots name it
// medusa/train/train.py); any launch passing --medusa_num_heads is Medusa's.
const medusaScript = "Medusa's medusa/train/train_legacy.py at FasterDecoding/Medusa@e2a5d20"

// medusaHeads declines Medusa-1's head training by name.
var medusaHeads = frontend{name: "Medusa heads", reads: "launches of Medusa's training script with --medusa_num_heads", owns: ownsMedusa, apply: applyMedusa}

// ownsMedusa: the launch passes --medusa_num_heads, an argument only
// Medusa's training arguments define.
func ownsMedusa(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script {
		return false
	}
	n, _ := s.node("medusa_num_heads")
	return n != nil
}

// applyMedusa leaves the job's memory unestimated, with why: the script
// sets requires_grad False on every parameter of the base model, which
// MedusaModel.forward runs under torch.no_grad (medusa/model/
// medusa_model_legacy.py), and trains medusa_num_heads heads, each
// medusa_num_layers residual blocks of hidden × hidden and a linear to the
// vocabulary. Pricing it as a fine-tune of the base would claim an
// out-of-memory that does not happen (267 GiB for Vicuna-7B's recipe, which
// its README runs on 4 GPUs).
func applyMedusa(p *plan.Plan, s settings) {
	_, at := s.node("medusa_num_heads")
	recipeGap(p, "Medusa heads: not read", medusaScript+" freezes the base model and runs it without gradients, and trains medusa_num_heads heads "+
		"(residual blocks and a vocabulary-wide linear each); neither is modelled", at)
}
