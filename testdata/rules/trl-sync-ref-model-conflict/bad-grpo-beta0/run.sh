trl grpo --config grpo.yaml
