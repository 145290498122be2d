package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// dsDeprecation is a deprecated zero_optimization key and what replaced it.
type dsDeprecation struct {
	old     string   // the deprecated key
	new     []string // the replacing key and its aliases; empty: nothing replaces it
	section bool     // the old boolean becomes a {"device": "cpu"} section
	mapped  bool     // DeepSpeed copies the old value into the new key
}

// dsDeprecations are DeepSpeedZeroConfig's deprecated fields
// (deepspeed/runtime/zero/config.py, json_schema_extra deprecated=True).
var dsDeprecations = []dsDeprecation{
	{old: "cpu_offload", new: []string{"offload_optimizer"}, section: true, mapped: true},
	{old: "cpu_offload_param", new: []string{"offload_param"}, section: true, mapped: true},
	{old: "cpu_offload_use_pin_memory"},
	{old: "stage3_gather_fp16_weights_on_model_save", new: []string{"stage3_gather_16bit_weights_on_model_save", "gather_16bit_weights_on_model_save"}, mapped: true},
}

// presentNew returns the replacing key present in the zero section, if any.
func (d dsDeprecation) presentNew(zero *yaml.Node) (string, *yaml.Node, *yaml.Node) {
	for _, n := range d.new {
		if k, v := document.Get(zero, n); k != nil && !document.IsAuto(v) {
			return n, k, v
		}
	}
	return "", nil, nil
}

// equivalent reports whether the deprecated value means what the new one says.
func (d dsDeprecation) equivalent(oldV, newV *yaml.Node) bool {
	ob, ok := boolOf(oldV)
	if !ok {
		return false
	}
	if d.section {
		dev := "none"
		if newV != nil && newV.Kind == yaml.MappingNode {
			if _, dv := document.Get(newV, "device"); dv != nil {
				dev = strings.ToLower(dv.Value)
			}
		}
		return ob == (dev == "cpu")
	}
	nb, ok := boolOf(newV)
	return ok && ob == nb
}
