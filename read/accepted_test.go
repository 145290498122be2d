package read

import "testing"

// TestAcceptedArgs: the frontends that keep a list of their parser's
// arguments load it, those that keep none return nil, and every key the
// ms-swift frontend spells a fix's setting in is one ms-swift defines.
func TestAcceptedArgs(t *testing.T) {
	for _, c := range []struct {
		framework string
		min       int
		has       []string
	}{
		{"ms-swift", 200, []string{"tuner_type", "max_length", "attn_impl", "freeze_vit", "padding_free", "quant_bits", "target_modules"}},
		{"axolotl", 300, []string{"base_model", "adapter", "sequence_len", "micro_batch_size", "sample_packing", "load_in_4bit", "lora_target_linear"}},
		{"torchtune", 0, nil},
	} {
		t.Run(c.framework, func(t *testing.T) {
			got := AcceptedArgs(c.framework)
			if c.min == 0 {
				if got != nil {
					t.Fatalf("%s keeps no list, got %d names", c.framework, len(got))
				}
				return
			}
			if len(got) < c.min {
				t.Errorf("%d names, want at least %d", len(got), c.min)
			}
			for _, k := range c.has {
				if !got[k] {
					t.Errorf("%q missing", k)
				}
			}
		})
	}
	swift := AcceptedArgs("ms-swift")
	for launcher, m := range swiftSpells {
		for setting, sp := range m {
			if sp.Key != "" && !sp.Refuse && !swift[sp.Key] {
				t.Errorf("%s: %s is spelled %q, which ms-swift's parser does not define", launcher, setting, sp.Key)
			}
		}
	}
}
