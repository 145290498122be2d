package schemas

import (
	"encoding/json"
	"testing"

	"github.com/trainlint/trainlint/document"
)

// BenchmarkCompile measures what a process pays once, on first use, to
// parse and compile the top level of every embedded schema (properties and
// references are parsed and compiled when a config reaches them).
func BenchmarkCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for _, name := range Names() {
			if _, _, err := compile(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFirstUse is what validating one DeepSpeed config costs a fresh
// process: parsing and compiling the parts of the schema the config
// reaches, and validating it. parse-whole is what parsing all of the
// schema at once cost, as it did before spans.go.
func BenchmarkFirstUse(b *testing.B) {
	src, _ := Source("deepspeed")
	d, err := document.Parse("ds.json", []byte(`{"train_micro_batch_size_per_gpu": "auto", "gradient_accumulation_steps": "auto",
		"bf16": {"enabled": "auto"}, "zero_optimization": {"stage": 3, "overlap_comm": true, "contiguous_gradients": true,
		"reduce_bucket_size": "auto", "stage3_prefetch_bucket_size": "auto", "stage3_param_persistence_threshold": "auto",
		"offload_optimizer": {"device": "none"}, "stage3_gather_16bit_weights_on_model_save": true}, "gradient_clipping": "auto"}`))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse-whole", func(b *testing.B) {
		for b.Loop() {
			var raw any
			if err := json.Unmarshal(src, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	// warm is validation alone, with the reached parts compiled already:
	// first-use minus warm is what a schema precompiled into Go data at
	// build time would save.
	b.Run("warm", func(b *testing.B) {
		inst := toValue(d.Root, 0, true)
		root, _, err := compile("deepspeed")
		if err != nil {
			b.Fatal(err)
		}
		root.validate(inst, "", 0)
		for b.Loop() {
			if f := root.validate(inst, "", 0); f != nil {
				b.Fatal("the config should be valid")
			}
		}
	})
	b.Run("first-use", func(b *testing.B) {
		inst := toValue(d.Root, 0, true)
		for b.Loop() {
			root, _, err := compile("deepspeed")
			if err != nil {
				b.Fatal(err)
			}
			if f := root.validate(inst, "", 0); f != nil {
				b.Fatal("the config should be valid")
			}
		}
	})
}
