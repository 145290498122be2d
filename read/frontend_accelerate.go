package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// accelerateKeys are the top-level keys of an Accelerate config
// (commands/config/config_args.py ClusterConfig), by which Detect knows one.
var accelerateKeys = keySet(`compute_environment distributed_type num_processes num_machines machine_rank
		mixed_precision main_training_function deepspeed_config fsdp_config use_cpu downcast_bf16
		rdzv_backend same_network tpu_env tpu_use_cluster tpu_use_sudo main_process_ip main_process_port
		gpu_ids dynamo_config megatron_lm_config enable_cpu_affinity debug ipex_config mpirun_config
		fp8_config tpu_name tpu_zone commands command_file parallelism_config`)

// accelerate is Hugging Face Accelerate's config file (accelerate config,
// read by accelerate launch --config_file; commands/config/config_args.py
// ClusterConfig), read before the training arguments, which override it.
var accelerate = frontend{
	name:  "Accelerate",
	reads: "accelerate config YAML/JSON (compute_environment, distributed_type, num_processes) named by `accelerate launch --config_file`",
	role:  launcherRole,
	config: func(p *plan.Plan, j *Job) {
		if j.Accelerate != nil {
			applyAccelerate(p, settings{file: j.Accelerate, root: j.Accelerate.Root})
		}
	},
}

// applyAccelerate reads an Accelerate config: the process count (the total
// over machines), mixed precision, and DeepSpeed or FSDP set inline.
func applyAccelerate(p *plan.Plan, s settings) {
	if n, _ := s.integer("num_processes"); n.Set && n.V > 0 {
		p.Processes = n
	}
	if m, _ := s.integer("num_machines"); m.Set && m.V > 1 {
		p.Hardware.Nodes = plan.Of(m.V, m.From)
		if p.Processes.Set {
			p.Hardware.GPUsPerNode = plan.Of(max(1, p.Processes.V/m.V), plan.Derived("num_processes / num_machines"))
		}
	}
	if mp, _ := s.str("mixed_precision"); mp.Set {
		switch strings.ToLower(mp.V) {
		case "bf16":
			p.Precision = plan.Of(plan.BF16, mp.From)
		case "fp16":
			p.Precision = plan.Of(plan.FP16, mp.From)
		case "fp8":
			p.Precision = plan.Of(plan.BF16, mp.From)
			p.FP8 = plan.Of(true, mp.From)
		}
	}
	dt, _ := s.str("distributed_type")
	switch strings.ToUpper(dt.V) {
	case "DEEPSPEED":
		z := &p.ZeRO
		z.Enabled = true
		if st, _ := s.integer("deepspeed_config.zero_stage"); st.Set {
			z.Stage = st
			if st.V == 3 {
				z.OverlapComm = plan.Of(true, plan.Default("DeepSpeed overlap_comm under ZeRO-3"))
			}
		}
		for _, o := range []struct {
			key string
			dst *plan.Value[plan.Offload]
		}{{"deepspeed_config.offload_optimizer_device", &z.OffloadOptimizer}, {"deepspeed_config.offload_param_device", &z.OffloadParam}} {
			if v, _ := s.str(o.key); v.Set {
				*o.dst = plan.Of(plan.Offload(strings.ToLower(v.V)), v.From)
			}
		}
		ga, _ := s.integer("deepspeed_config.gradient_accumulation_steps")
		set(&p.GradAccum, ga)
		if v, _ := s.boolean("deepspeed_config.zero3_save_16bit_model"); v.Set {
			z.Gather16BitOnSave = v
		}
	case "FSDP":
		mode := plan.Of("full_shard", plan.Default("Accelerate fsdp_sharding_strategy"))
		if v, _ := s.str("fsdp_config.fsdp_sharding_strategy"); v.Set {
			switch strings.ToUpper(v.V) {
			case "1", "FULL_SHARD":
				mode = plan.Of("full_shard", v.From)
			case "2", "SHARD_GRAD_OP":
				mode = plan.Of("shard_grad_op", v.From)
			case "3", "NO_SHARD":
				mode = plan.Of("no_shard", v.From)
			case "4", "HYBRID_SHARD":
				mode = plan.Of("hybrid_shard", v.From)
			case "5", "HYBRID_SHARD_ZERO2":
				mode = plan.Of("hybrid_shard_zero2", v.From)
			}
		}
		if v, _ := s.boolean("fsdp_config.fsdp_reshard_after_forward"); v.Set && !v.V {
			mode = plan.Of("shard_grad_op", v.From)
		}
		p.FSDP.Mode = mode
		off, _ := s.boolean("fsdp_config.fsdp_offload_params")
		set(&p.FSDP.CPUOffload, off)
		if ac, _ := s.boolean("fsdp_config.fsdp_activation_checkpointing"); ac.Set && ac.V {
			p.GradientCheckpointing = ac
		}
	}
}
