# ms-swift full fine-tune with padding-free batches: at the 16k-token cap a
# micro batch of 4 does not fit, but the data decides; the finding is a
# warning that says so.
NPROC_PER_NODE=4 \
swift sft \
    --model Qwen/Qwen2.5-7B-Instruct \
    --train_type full \
    --torch_dtype bfloat16 \
    --per_device_train_batch_size 4 \
    --gradient_accumulation_steps 4 \
    --max_length 16384 \
    --padding_free true \
    --attn_impl flash_attn \
    --deepspeed zero3
