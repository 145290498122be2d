package read

import (
	"fmt"
	"path"
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// dsChatScript is the DeepSpeed-Chat version whose arguments the reader
// assumes: parse_args and main in
// applications/DeepSpeed-Chat/training/step1_supervised_finetuning/main.py
// and get_train_ds_config in dschat/utils/ds_utils.py at
// deepspeedai/DeepSpeedExamples@38ef196.
const dsChatScript = "DeepSpeed-Chat main.py at deepspeedai/DeepSpeedExamples@38ef196"

// dsChat reads DeepSpeed-Chat's training scripts, which build their
// DeepSpeed config in Python from --zero_stage, --offload and --dtype
// (get_train_ds_config) rather than naming a file.
var dsChat = frontend{
	name:  "DeepSpeed-Chat",
	reads: "launches of DeepSpeed-Chat's main.py (--zero_stage, --offload, --dtype, --lora_dim, --only_optimize_lora)",
	owns:  ownsDSChat,
	apply: applyDSChat,
}

// ownsDSChat: the arguments of a launch of a main.py that takes
// DeepSpeed-Chat's --zero_stage next to its --data_split or --lora_dim.
func ownsDSChat(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || s.root != j.Args || path.Base(j.Command.Program.Text) != "main.py" {
		return false
	}
	if n, _ := s.node("zero_stage"); n == nil && s.unknownValue("zero_stage") == nil {
		return false
	}
	for _, k := range []string{"data_split", "lora_dim", "only_optimize_lora"} {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyDSChat reads the DeepSpeed config get_train_ds_config builds: ZeRO
// at --zero_stage (default 0), parameters and optimizer states offloaded to
// the CPU with --offload (DeepSpeedCPUAdam, else FusedAdam), fp16 unless
// --dtype bf16. --lora_dim N adds LoRA of rank N to the linear layers under
// --lora_module_name, but every base weight still trains unless
// --only_optimize_lora: the job is estimated as a full fine-tune then.
func applyDSChat(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(dsChatScript + " " + what) }
	applyDeepSpeed(p, settings{}, true)
	z := &p.ZeRO
	z.Stage = plan.Of(0, def("--zero_stage"))
	if st, _ := s.integer("zero_stage"); st.Set {
		z.Stage = st
	} else if n := s.unknownValue("zero_stage"); n != nil {
		// BELLE's dschat_train_v1 scripts pass --zero_stage $ZERO_STAGE, the script's second argument.
		p.Unread = append(p.Unread, fmt.Sprintf("--zero_stage is %q, a value given when the script runs: the estimate assumes DeepSpeed-Chat's default, ZeRO stage 0; write the stage in the launch to check the job at it", n.Value))
	}
	if z.Stage.V == 3 {
		z.OverlapComm = plan.Of(true, plan.Default("DeepSpeed overlap_comm under ZeRO-3"))
	}
	z.ParamPersistenceThreshold = plan.Of(int64(1e4), def("get_train_ds_config stage3_param_persistence_threshold"))
	z.MaxLiveParameters = plan.Of(int64(3e7), def("get_train_ds_config stage3_max_live_parameters"))
	z.PrefetchBucketSize = plan.Of(int64(3e7), def("get_train_ds_config stage3_prefetch_bucket_size"))
	p.Optimizer = plan.Of("adamw_torch_fused", plan.Derived(dsChatScript+" builds FusedAdam"))
	if off, _ := s.boolean("offload"); off.Set && off.V {
		z.OffloadOptimizer = plan.Of(plan.OffloadCPU, off.From)
		z.OffloadParam = plan.Of(plan.OffloadCPU, off.From)
	}
	p.Precision = plan.Of(plan.FP16, def("--dtype"))
	if d, _ := s.str("dtype"); d.Set {
		if v, ok := dtypeOf(d.V); ok {
			p.Precision = plan.Of(v, d.From)
		}
	}
	p.LoadDtype = plan.Of(p.Precision.V, plan.Derived(dsChatScript+" builds the model under its DeepSpeed config's dtype"))
	if r, _ := s.integer("lora_dim"); r.Set && r.V > 0 {
		if only, _ := s.boolean("only_optimize_lora"); only.Set && only.V {
			p.PEFT.Method = plan.Of("lora", only.From)
			p.PEFT.R = r
			p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(dsChatScript+" convert_linear_layer_to_lora over --lora_module_name"))
		} else {
			p.Assume("--lora_dim %d without --only_optimize_lora: DeepSpeed-Chat trains every base weight beside the LoRA adapters; estimated as a full fine-tune", r.V)
		}
	}
	p.Assume("%s pads every sample to --max_seq_len (create_prompt_dataset)", dsChatScript)
	// Steps 2 and 3 train more than one model; their memory is declined.
	for _, step := range []struct{ dir, what, why string }{
		{"step2_dpo", "DPO", "the reference model's memory is not modelled"},
		{"step2_reward", "reward model training", "the pairwise batches and value head are not modelled"},
		{"step3_rlhf", "RLHF", "the actor, critic, reference and reward models' memory is not modelled"},
	} {
		if strings.Contains(s.file.Path, step.dir) {
			recipeGap(p, "DeepSpeed-Chat: not read: "+step.what, step.why, plan.At(s.file.Path, 1, 1, ""))
		}
	}
}
