package generate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/read"
)

// TestAutoTrainKeys: a knob on an AutoTrain config writes AutoTrain's own
// params (batch_size, gradient_accumulation, the inverted
// disable_gradient_checkpointing, peft with quantization, block_size,
// optimizer, use_flash_attention_2), never a Trainer key at the top level,
// and its title names them; a DPO job, whose plan counts chosen and
// rejected apart, gets no batch change.
func TestAutoTrainKeys(t *testing.T) {
	const head = "task: llm-sft\nbase_model: meta-llama/Llama-3.2-1B\nproject_name: p\nlog: tensorboard\nbackend: local\ndata:\n  path: d\n"
	for _, c := range []struct {
		name, src, knob string
		want            []string // path=value of each change; nil: the knob is refused
		title           string   // the fix's title starts so ("": not checked)
	}{
		{"micro batch from the class default", head + "params:\n  mixed_precision: bf16\n", "micro-batch-1",
			[]string{"params.batch_size=1", "params.gradient_accumulation=8"}, "Set `batch_size` to 1 and `gradient_accumulation` to 8;"},
		{"micro batch where it is written", head + "params:\n  batch_size: 4\n  gradient_accumulation: 2\n", "micro-batch-2",
			[]string{"params.batch_size=2", "params.gradient_accumulation=4"}, ""},
		{"checkpointing is disable_gradient_checkpointing false", head + "params:\n  disable_gradient_checkpointing: true\n", "gradient-checkpointing",
			[]string{"params.disable_gradient_checkpointing=false"}, "Set `disable_gradient_checkpointing` to false"},
		{"LoRA writes quantization null over the class's int4", head + "params:\n  batch_size: 1\n", "lora",
			[]string{"params.peft=true", "params.quantization=<nil>", "params.target_modules=all-linear"}, ""},
		{"QLoRA", head + "params:\n  batch_size: 1\n", "qlora",
			[]string{"params.peft=true", "params.quantization=int4", "params.target_modules=all-linear"}, ""},
		{"QLoRA over LoRA with quantization null", head + "params:\n  peft: true\n  quantization: null\n", "qlora",
			[]string{"params.peft=true", "params.quantization=int4"}, ""},
		{"flash-attention 2", head + "params:\n  mixed_precision: bf16\n", "attention-flash",
			[]string{"params.use_flash_attention_2=true"}, "Set `use_flash_attention_2` to true"},
		{"8-bit AdamW", head + "params:\n  optimizer: adamw_torch\n", "optimizer-8bit",
			[]string{"params.optimizer=adamw_bnb_8bit"}, "Set `optimizer` to \"adamw_bnb_8bit\""},
		{"shorter sequences from the class default", head + "params:\n  batch_size: 1\n", "shorter-sequences",
			[]string{"params.block_size=512"}, ""},
		{"DPO refuses the batch", strings.Replace(head, "llm-sft", "llm-dpo", 1) + "params:\n  batch_size: 2\n", "micro-batch-2", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			res := read.Load([]string{path}, read.Options{Overrides: read.Overrides{GPU: "h100-80gb", GPUsPerNode: 1}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs (%v)", len(res.Jobs), res.Errors)
			}
			j := res.Jobs[0]
			k := knobByID(Knobs(j.Plan), c.knob)
			if k == nil {
				t.Fatalf("no %s knob", c.knob)
			}
			var got []string
			for _, ch := range k.Changes(j) {
				got = append(got, fmt.Sprintf("%s=%v", strings.Join(ch.Path, "."), ch.Value))
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("changes %q, want %q", got, c.want)
			}
			if title := k.Fix(j, 0, false).Title; !strings.HasPrefix(title, c.title) {
				t.Errorf("title %q, want it to start %q", title, c.title)
			}
		})
	}
}
