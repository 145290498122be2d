package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// zeroStage reads the ZeRO stage of a DeepSpeed config: 0 when absent (the
// default), known false when it is "auto" or unreadable.
func zeroStage(ds conf) (stage int, key *yaml.Node, known bool) {
	k, v := ds.get("zero_optimization.stage")
	if v == nil || document.IsNull(v) {
		return 0, nil, true
	}
	n, ok := intOf(v)
	if !ok {
		return 0, k, false
	}
	return int(n), k, true
}

// offloadDevice reads an offload section's device ("none" when absent).
func offloadDevice(ds conf, section string) (device string, key *yaml.Node) {
	k, v := ds.get("zero_optimization." + section + ".device")
	if v == nil || document.IsNull(v) || document.IsAuto(v) {
		return "none", nil
	}
	return strings.ToLower(v.Value), k
}

// accelerateInlineDS reports whether an Accelerate config sets DeepSpeed up
// inline (no deepspeed_config_file), returning its deepspeed_config.
func accelerateInlineDS(acc conf) (conf, bool) {
	if !acc.ok() {
		return conf{}, false
	}
	_, dt := acc.get("distributed_type")
	_, dsc := acc.get("deepspeed_config")
	if dt == nil || !strings.EqualFold(dt.Value, "DEEPSPEED") || dsc == nil || dsc.Kind != yaml.MappingNode {
		return conf{}, false
	}
	if _, f := document.Get(dsc, "deepspeed_config_file"); f != nil && !document.IsNull(f) && f.Value != "" && !strings.EqualFold(f.Value, "none") {
		return conf{}, false
	}
	return conf{acc.file, dsc}, true
}
