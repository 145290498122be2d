X=1
torchrun --nproc_per_node $X \
  crlf.py --lr 1e-5
