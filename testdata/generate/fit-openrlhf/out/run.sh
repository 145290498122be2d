deepspeed --module openrlhf.cli.train_sft \
    --pretrain meta-llama/Meta-Llama-3-8B \
    --max_len 4096 \
    --train_batch_size 128 \
    --micro_train_batch_size 2 \
    --zero_stage 3 \
    --gradient_checkpointing \
    --bf16 \
    --flash_attn
