
#!/bin/bash

sbatch --nodes=1 --job-name=finetune-llama scripts/finetune_llama.sbatch finetune