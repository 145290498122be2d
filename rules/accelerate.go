package rules

import (
	"strings"

	"github.com/trainlint/trainlint/document"
)

// accelerateDSFile returns the deepspeed_config_file an Accelerate config
// names, when it names one.
func accelerateDSFile(acc conf) (string, bool) {
	if !acc.ok() {
		return "", false
	}
	_, f := acc.get("deepspeed_config.deepspeed_config_file")
	if f == nil || document.IsNull(f) || f.Value == "" || strings.EqualFold(f.Value, "none") {
		return "", false
	}
	return f.Value, true
}

// accelerateIgnoredWithFile are the deepspeed_config keys Accelerate refuses
// next to deepspeed_config_file (DeepSpeedPlugin._deepspeed_config_checks).
var accelerateIgnoredWithFile = []string{
	"gradient_accumulation_steps", "gradient_clipping", "zero_stage", "offload_optimizer_device", "offload_param_device",
	"offload_param_nvme_path", "offload_optimizer_nvme_path", "zero3_save_16bit_model",
}
