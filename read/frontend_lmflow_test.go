package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLMFlowFinetune: block_size is the length, use_qlora turns LoRA on over
// an NF4 base, LoRA keeps LMFlow's defaults, and a finetune.py that is not
// LMFlow's is left to the Trainer reading.
func TestLMFlowFinetune(t *testing.T) {
	for _, c := range []struct {
		name, args string
		seq        int
		method     string
		quant      plan.Quant
		r          int
	}{
		{name: "full", args: "--dataset_path d --block_size 512", seq: 512, method: "none"},
		{name: "lora", args: "--dataset_path d --block_size 1024 --use_lora 1", seq: 1024, method: "lora", r: 8},
		{name: "qlora without use_lora", args: "--dataset_path d --block_size 512 --use_qlora 1", seq: 512, method: "qlora", quant: plan.NF4, r: 8},
		{name: "not LMFlow's", args: "--max_seq_length 256", seq: 256, method: "none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "run.sh")
			cmd := "deepspeed examples/finetune.py --model_name_or_path meta-llama/Llama-2-7b-hf " + c.args + "\n"
			if err := os.WriteFile(path, []byte(cmd), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			if p.SeqLen.V != c.seq {
				t.Errorf("seq %d, want %d", p.SeqLen.V, c.seq)
			}
			if p.PEFT.Method.V != c.method || p.Quant.V != c.quant || p.PEFT.R.V != c.r {
				t.Errorf("peft %q quant %q r %d; want %q %q %d", p.PEFT.Method.V, p.Quant.V, p.PEFT.R.V, c.method, c.quant, c.r)
			}
		})
	}
}
