# A training program with a loop of its own: accelerate prepares the model,
# the script calls backward and steps the optimizer itself; no Trainer
# compares the DeepSpeed file with any arguments.
import argparse

from accelerate import Accelerator


def main(args):
    accelerator = Accelerator(gradient_accumulation_steps=args.gradient_accumulation_steps)
    model, optim, loader = accelerator.prepare(build_model(), build_optimizer(), build_loader(args))
    for batch in loader:
        with accelerator.accumulate(model):
            loss = model(**batch).loss
            accelerator.backward(loss)
            optim.step()
            optim.zero_grad()
