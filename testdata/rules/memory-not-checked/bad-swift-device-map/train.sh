# ms-swift with two visible GPUs and no NPROC_PER_NODE (as in
# modelscope/ms-swift examples/train/multi-gpu/device_map/train.sh): one
# process loads the model split over both GPUs, which is declined by name.
CUDA_VISIBLE_DEVICES=0,1 \
swift sft \
    --model Qwen/Qwen2.5-72B-Instruct \
    --tuner_type lora \
    --torch_dtype bfloat16 \
    --per_device_train_batch_size 1 \
    --max_length 2048
