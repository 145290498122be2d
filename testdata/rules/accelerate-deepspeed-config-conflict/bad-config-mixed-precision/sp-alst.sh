# huggingface/accelerate examples/alst_ulysses_sequence_parallelism/sp-alst.sh (Apache-2.0),
# with mixed_precision added to the config file only
export MASTER_ADDR=localhost
export MASTER_PORT=9998
python -u -m accelerate.commands.launch \
    --rdzv_conf "rdzv_backend=c10d,rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT" \
    --main_process_ip $MASTER_ADDR \
    --main_process_port $MASTER_PORT \
    --config_file sp-alst.accelerate-config.yml \
    sp-alst.py
