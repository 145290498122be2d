# Started from the repository root; the DeepSpeed file is named from the
# folder the script changes to, as Video-R1's src/scripts/run_grpo_video.sh
# does (cd src/r1-v, then --deepspeed local_scripts/zero3.json).
cd cfg
torchrun --nproc_per_node 4 train.py \
    --model_name_or_path Qwen/Qwen2.5-7B \
    --per_device_train_batch_size 1 \
    --bf16 \
    --deepspeed zero3.json
