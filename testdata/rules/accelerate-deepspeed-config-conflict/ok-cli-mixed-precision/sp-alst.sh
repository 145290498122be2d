# huggingface/accelerate examples/alst_ulysses_sequence_parallelism/sp-alst.sh (Apache-2.0),
# with --mixed_precision given on the command line: it overrides the config file's mixed_precision
export MASTER_ADDR=localhost
export MASTER_PORT=9998
python -u -m accelerate.commands.launch \
    --rdzv_conf "rdzv_backend=c10d,rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT" \
    --main_process_ip $MASTER_ADDR \
    --main_process_port $MASTER_PORT \
    --mixed_precision bf16 \
    --config_file sp-alst.accelerate-config.yml \
    sp-alst.py
