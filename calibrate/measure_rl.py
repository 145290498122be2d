#!/usr/bin/env python3
"""GPU peak-memory measurement of RL and preference training steps (GRPO, DPO).

Usage (from the repository root, on a machine with one GPU):

    python3 calibrate/measure_rl.py --cases calibrate/rl_cases.json --out DIR [--deadline-s S]

TRL is not installed on the measuring machine, so each case runs the step the
way TRL's trainers do it, written out with torch and transformers (TRL v0.23,
trl/trainer/grpo_trainer.py and dpo_trainer.py):

GRPO (GRPOTrainer without vLLM): the policy generates ``gen_batch``
completions (``gen_batch / num_generations`` prompts, each repeated
``num_generations`` times) of exactly ``completion_len`` tokens with
``model.generate`` under ``torch.no_grad`` and ``use_cache=True``; the
reference model (a frozen copy, or the policy with its LoRA adapters disabled
under PEFT, or none when ``beta`` is 0) computes per-token log-probs over
prompt + completion in chunks of ``micro`` sequences with ``logits_to_keep`` =
completion + 1; the policy then runs forward and backward over the same chunks
(gradient accumulation ``gen_batch / micro``) and takes one AdamW step.

DPO (DPOTrainer, ``precompute_ref_log_probs`` false): each micro batch of
``micro`` pairs is concatenated into ``2 × micro`` sequences of ``seq_len``
tokens; the reference runs a forward pass under ``torch.no_grad`` and the
policy a forward and backward pass, both over the full logits; one AdamW step
per micro batch.

Every case runs ``iterations`` steps (default 2) so that the second rollout
happens with the optimizer states resident, in one process: the device is
emptied (``torch.cuda.empty_cache``) between cases.  Per phase (rollout,
reference, update) the torch allocator's peak allocated and reserved memory
are recorded, and a sampling thread reads the device's used memory (NVML, as
nvidia-smi shows it) every few milliseconds; the idle baseline read before
CUDA is initialised is subtracted.  Results: DIR/results.jsonl, one line per
case.
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import threading
import time
import traceback

MIB = 1024 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def nvml_used_mib():
    """Used device memory of GPU 0 in MiB, as nvidia-smi reports it."""
    try:
        import pynvml

        pynvml.nvmlInit()
        h = pynvml.nvmlDeviceGetHandleByIndex(0)
        return lambda: pynvml.nvmlDeviceGetMemoryInfo(h).used / MIB
    except Exception:  # noqa: BLE001
        def smi():
            out = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits", "-i", "0"],
                                 capture_output=True, text=True).stdout
            return float(out.strip().splitlines()[0])
        return smi


class Sampler:
    """Keeps the maximum used memory per phase label, sampled every ~5 ms."""

    def __init__(self, read):
        self.read = read
        self.phase = "setup"
        self.peak = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                v = self.read()
                if v > self.peak.get(self.phase, 0.0):
                    self.peak[self.phase] = v
            except Exception:  # noqa: BLE001
                pass
            time.sleep(0.005)

    def start(self):
        self._t.start()

    def set(self, phase):
        v = self.read()
        if v > self.peak.get(self.phase, 0.0):
            self.peak[self.phase] = v
        self.phase = phase

    def stop(self):
        self.set("done")
        self._stop.set()
        self._t.join(timeout=2)


def build_model(torch, case):
    from transformers import AutoConfig, AutoModelForCausalLM
    import tempfile

    path = case["model"] if os.path.isabs(case["model"]) else os.path.join(REPO, case["model"])
    with open(path) as f:
        cfg = json.load(f)
    d = tempfile.mkdtemp(prefix="trainlint-rl-")
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f)
    config = AutoConfig.from_pretrained(d)
    with torch.device("cuda"):
        m = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16, attn_implementation="sdpa")
    return m


def selective_log_softmax(torch, logits, index):
    # TRL's selective_log_softmax for bf16 logits: a log_softmax per row, then gather.
    out = []
    for row_logits, row_labels in zip(logits, index):
        lp = torch.nn.functional.log_softmax(row_logits, dim=-1)
        out.append(lp.gather(dim=-1, index=row_labels.unsqueeze(-1)).squeeze(-1))
    return torch.stack(out)


def token_logps(torch, model, ids, keep):
    logits = model(input_ids=ids, attention_mask=torch.ones_like(ids), logits_to_keep=keep + 1).logits
    logits = logits[:, :-1, :]
    return selective_log_softmax(torch, logits, ids[:, -keep:])


def run_grpo(torch, case, sampler, res):
    policy = build_model(torch, case)
    vocab = policy.config.vocab_size
    lora = case.get("lora")
    if lora:
        from peft import LoraConfig, get_peft_model
        policy = get_peft_model(policy, LoraConfig(r=lora, lora_alpha=2 * lora, target_modules="all-linear",
                                                   task_type="CAUSAL_LM"))
    ref = None
    if case.get("beta", 0.04) > 0 and not lora:
        ref = build_model(torch, case)
        ref.eval().requires_grad_(False)
    if case.get("gradient_checkpointing"):
        policy.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if lora:
            policy.enable_input_require_grads()
    params = [p for p in policy.parameters() if p.requires_grad]
    res["params"] = sum(p.numel() for p in policy.parameters())
    res["trainable_params"] = sum(p.numel() for p in params)
    opt = torch.optim.AdamW(params, lr=1e-6)
    G, gen, micro = case["num_generations"], case["gen_batch"], case["micro"]
    P, C = case["prompt_len"], case["completion_len"]
    for it in range(case.get("iterations", 2)):
        prompts = torch.randint(0, vocab, (gen // G, P), device="cuda").repeat_interleave(G, dim=0)
        sampler.set(f"rollout{it}")
        torch.cuda.reset_peak_memory_stats()
        policy.eval()
        with torch.no_grad():
            seqs = policy.generate(input_ids=prompts, attention_mask=torch.ones_like(prompts), max_new_tokens=C,
                                      min_new_tokens=C, do_sample=True, use_cache=True, pad_token_id=0,
                                      eos_token_id=None)
        torch.cuda.synchronize()
        res[f"rollout{it}_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res[f"rollout{it}_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        del prompts
        sampler.set(f"reference{it}")
        torch.cuda.reset_peak_memory_stats()
        ref_lp = []
        if case.get("beta", 0.04) > 0:
            with torch.no_grad():
                for i in range(0, gen, micro):
                    chunk = seqs[i:i + micro]
                    if lora:
                        with policy.disable_adapter():
                            ref_lp.append(token_logps(torch, policy, chunk, C))
                    else:
                        ref_lp.append(token_logps(torch, ref, chunk, C))
        torch.cuda.synchronize()
        res[f"reference{it}_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res[f"reference{it}_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        sampler.set(f"update{it}")
        torch.cuda.reset_peak_memory_stats()
        policy.train()
        adv = torch.randn(gen, 1, device="cuda")
        for j, i in enumerate(range(0, gen, micro)):
            chunk = seqs[i:i + micro]
            lp = token_logps(torch, policy, chunk, C)
            loss = -(torch.exp(lp - lp.detach()) * adv[i:i + micro])
            if ref_lp:
                r = ref_lp[j]
                loss = loss + case.get("beta", 0.04) * (torch.exp(r - lp) - (r - lp) - 1)
            (loss.mean() / (gen // micro)).backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        res[f"update{it}_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res[f"update{it}_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        del seqs, ref_lp, adv
        res["steps"] = it + 1


def run_dpo(torch, case, sampler, res):
    policy = build_model(torch, case)
    vocab = policy.config.vocab_size
    lora = case.get("lora")
    if lora:
        from peft import LoraConfig, get_peft_model
        policy = get_peft_model(policy, LoraConfig(r=lora, lora_alpha=2 * lora, target_modules="all-linear",
                                                   task_type="CAUSAL_LM"))
        ref = None
    else:
        ref = build_model(torch, case)
        ref.eval().requires_grad_(False)
    if case.get("gradient_checkpointing"):
        policy.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if lora:
            policy.enable_input_require_grads()
    params = [p for p in policy.parameters() if p.requires_grad]
    res["params"] = sum(p.numel() for p in policy.parameters())
    res["trainable_params"] = sum(p.numel() for p in params)
    opt = torch.optim.AdamW(params, lr=1e-6)
    B, S = case["micro"], case["seq_len"]

    def logps(model, ids):
        logits = model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits[:, :-1, :]
        return selective_log_softmax(torch, logits, ids[:, 1:]).sum(-1)

    for it in range(case.get("iterations", 2)):
        ids = torch.randint(0, vocab, (2 * B, S), device="cuda")
        sampler.set(f"reference{it}")
        torch.cuda.reset_peak_memory_stats()
        with torch.no_grad():
            if lora:
                with policy.disable_adapter():
                    r = logps(policy, ids)
            else:
                r = logps(ref, ids)
        torch.cuda.synchronize()
        res[f"reference{it}_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res[f"reference{it}_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        sampler.set(f"update{it}")
        torch.cuda.reset_peak_memory_stats()
        policy.train()
        p = logps(policy, ids)
        logits = 0.1 * ((p[:B] - r[:B]) - (p[B:] - r[B:]))
        (-torch.nn.functional.logsigmoid(logits)).mean().backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        res[f"update{it}_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res[f"update{it}_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        del ids, r, p
        res["steps"] = it + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--deadline-s", type=float, default=540)
    ap.add_argument("--only", default="")
    ap.add_argument("--skip-done", default="", help="a results.jsonl whose ids are not run again")
    a = ap.parse_args()
    t0 = time.time()
    os.makedirs(a.out, exist_ok=True)
    read = nvml_used_mib()
    baseline = read()
    import torch
    import transformers
    import peft

    versions = {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
                "cuda": torch.version.cuda or ""}
    with open(a.cases) as f:
        cases = json.load(f)
    card = torch.cuda.get_device_name(0)
    total = torch.cuda.get_device_properties(0).total_memory / MIB
    out_path = os.path.join(a.out, "results.jsonl")
    done = set()
    if a.skip_done and os.path.exists(a.skip_done):
        with open(a.skip_done) as f:
            done = {json.loads(line)["id"] for line in f if line.strip()}
    for case in cases:
        if (a.only and a.only not in case["id"]) or case["id"] in done:
            continue
        if time.time() - t0 > a.deadline_s:
            print(f"[rl] deadline: skipping {case['id']}", flush=True)
            continue
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.synchronize()
        sampler = Sampler(read)
        sampler.start()
        res = {"oom": False, "error": "", "steps": 0}
        tc = time.time()
        torch.cuda.reset_peak_memory_stats()
        try:
            (run_grpo if case["kind"] == "grpo" else run_dpo)(torch, case, sampler, res)
        except Exception as e:  # noqa: BLE001
            msg = f"{type(e).__name__}: {e}"
            res["oom"] = isinstance(e, torch.OutOfMemoryError) or "out of memory" in msg
            res["error"] = msg[:400]
            if not res["oom"]:
                res["traceback"] = traceback.format_exc()[-2000:]
        sampler.stop()
        res["nvml_peak_mib_by_phase"] = {k: round(v - baseline, 1) for k, v in sampler.peak.items()}
        res["nvml_peak_mib"] = round(max(sampler.peak.values()) - baseline, 1)
        res["wall_s"] = round(time.time() - tc, 1)
        line = {"id": case["id"], "card": card, "card_total_mib": round(total), "versions": versions,
                "case": case, "result": res}
        with open(out_path, "a") as f:
            f.write(json.dumps(line) + "\n")
        print(f"[rl] {case['id']}: peak {res['nvml_peak_mib']:.0f} MiB in {res['wall_s']} s "
              f"{'OOM' if res['oom'] else res['error'][:200]}", flush=True)
        gc.collect()
        torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
