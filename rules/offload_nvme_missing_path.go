package rules

import (
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// OffloadNVMeMissingPath reports offload to NVMe without a path.
var OffloadNVMeMissingPath = &lint.Rule{
	ID:       "offload-nvme-missing-path",
	Severity: lint.Error,
	Summary:  "offload to nvme has no nvme_path",
	Doc: lint.Doc{
		What: "Reports an `offload_param` or `offload_optimizer` section with `device: nvme` and no `nvme_path`, and Accelerate's inline `offload_*_device: nvme` without `offload_*_nvme_path`.",
		Why: "DeepSpeed swaps the tensors to files under `nvme_path`; without one its swapper has no folder to create them in and fails when the engine starts. " +
			"The config model accepts the missing path, so nothing warns before then.",
		Example:    `{"zero_optimization": {"stage": 3, "offload_param": {"device": "nvme"}}}`,
		UseInstead: `{"zero_optimization": {"stage": 3, "offload_param": {"device": "nvme", "nvme_path": "/local_nvme"}}}`,
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/offload_config.py", "deepspeedai/DeepSpeed v0.19 deepspeed/runtime/swap_tensor/partitioned_param_swapper.py", "https://www.deepspeed.ai/docs/config-json/#parameter-offloading"},
	},
	Example: lint.Example{Files: map[string]string{
		"ds_config.json": `{"train_micro_batch_size_per_gpu": 1, "zero_optimization": {"stage": 3, "offload_param": {"device": "nvme"}}}`,
	}},
	Check: func(p *lint.Pass) {
		if ds := dsConf(p.Job); ds.ok() {
			for _, section := range []string{"offload_param", "offload_optimizer"} {
				dev, k := offloadDevice(ds, section)
				if dev != "nvme" {
					continue
				}
				if _, path := ds.get("zero_optimization." + section + ".nvme_path"); path != nil && !document.IsNull(path) && path.Value != "" {
					continue
				}
				p.Report(finding(ds.file, k, "%q offloads to nvme but has no \"nvme_path\"; DeepSpeed needs a folder on the NVMe drive to swap to", "zero_optimization."+section))
			}
			return
		}
		inline, ok := accelerateInlineDS(accConf(p.Job))
		if !ok {
			return
		}
		for _, what := range []string{"param", "optimizer"} {
			k, v := inline.get("offload_" + what + "_device")
			if v == nil || !strings.EqualFold(v.Value, "nvme") {
				continue
			}
			if _, path := inline.get("offload_" + what + "_nvme_path"); path != nil && !document.IsNull(path) && path.Value != "" && !strings.EqualFold(path.Value, "none") {
				continue
			}
			p.Report(finding(inline.file, k, "%q is nvme but %q is not set; DeepSpeed needs a folder on the NVMe drive to swap to", "offload_"+what+"_device", "offload_"+what+"_nvme_path"))
		}
	},
}
