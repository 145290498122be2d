"""Probe: does GPT-NeoX's value view keep the whole fused q/k/v projection alive for backward?

GPTNeoXAttention.forward (transformers 5.17, models/gpt_neox/modeling_gpt_neox.py) chunks one query_key_value
output into q, k and v; q and k are rebuilt by the partial rotary (torch.cat), v stays a view of the projection.
If sdpa saving v keeps the projection's storage, making v contiguous before sdpa frees 2/3 of it per layer:
about layers x tokens x 2*hidden x 2 B. This runs the p13 Pythia-6.9B LoRA case twice, plain and with v made
contiguous, each in its own process, and prints torch.cuda.max_memory_allocated for both.

    python3 calibrate/probe_qkv_view.py testdata/calibration/models/pythia-6.9b.json
"""
import json
import multiprocessing as mp
import sys


def run(config_path, contiguous_v, q):
    import torch
    import torch.nn.functional as F
    from peft import LoraConfig, get_peft_model
    from transformers import AutoConfig, AutoModelForCausalLM

    calls = {"n": 0, "v_contiguous_before": 0}
    if contiguous_v:
        sdpa = F.scaled_dot_product_attention

        def patched(query, key, value, *args, **kwargs):
            calls["n"] += 1
            calls["v_contiguous_before"] += int(value.is_contiguous())
            return sdpa(query, key, value.contiguous(), *args, **kwargs)

        F.scaled_dot_product_attention = patched
    cfg = AutoConfig.from_pretrained(config_path)
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(cfg, torch_dtype=torch.bfloat16)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["query_key_value", "dense"]))
    model.train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(0, cfg.vocab_size, (2, 2048), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    for _ in range(3):
        out = model(input_ids=ids, labels=ids)
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    q.put({"contiguous_v": contiguous_v, "max_allocated_mib": torch.cuda.max_memory_allocated() / 2**20,
           "max_reserved_mib": torch.cuda.max_memory_reserved() / 2**20, "torch": torch.__version__,
           "patched_calls": calls["n"], "v_already_contiguous": calls["v_contiguous_before"]})


def main():
    path = sys.argv[1]
    ctx = mp.get_context("spawn")
    for contiguous_v in (False, True):
        q = ctx.Queue()
        p = ctx.Process(target=run, args=(path, contiguous_v, q))
        p.start()
        p.join()
        print(json.dumps(q.get() if not q.empty() else {"contiguous_v": contiguous_v, "error": p.exitcode}))


if __name__ == "__main__":
    main()
