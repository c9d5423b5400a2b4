"""A PyTorch training script tuned by Vernier as a command objective (see README.md beside it).

It trains an MLP on two interleaved spirals (generated here, no download), prints one Vernier record per epoch
({"vernier": "report", ...}) so the study's pruner can stop it early, and a final {"vernier": "result", ...}.
Anything else it prints goes to the trial's log. Run it by hand too:

    python3 train.py --lr 0.01 --layers 2 --width 32 --epochs 5
"""

import argparse
import json
import math
import os
import signal
import sys

import torch
from torch import nn


def record(kind, **fields):
    """Writes one Vernier record line (flushed at once, so the pruner sees it while the script runs)."""
    print(json.dumps({"vernier": kind, **fields}), flush=True)


def spirals(count, noise, generator):
    """Two interleaved spirals: `count` points per class, features [x, y], labels 0/1."""
    t = torch.rand(count, generator=generator) * 3 * math.pi + 0.5
    points = []
    for label, sign in ((0, 1.0), (1, -1.0)):
        x = sign * t * torch.cos(t) / 10 + noise * torch.randn(count, generator=generator)
        y = sign * t * torch.sin(t) / 10 + noise * torch.randn(count, generator=generator)
        points.append((torch.stack([x, y], dim=1), torch.full((count,), label)))
    features = torch.cat([p[0] for p in points])
    labels = torch.cat([p[1] for p in points]).float()
    order = torch.randperm(len(labels), generator=generator)
    return features[order], labels[order]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--layers", type=int, default=2, help="hidden layers")
    parser.add_argument("--width", type=int, default=32, help="units per hidden layer")
    parser.add_argument("--activation", default="tanh", choices=["relu", "tanh"])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("VERNIER_SEED", "0")))
    args = parser.parse_args()

    # A pruned or timed-out trial gets SIGTERM (then SIGKILL after stop_grace): stop cleanly.
    stopping = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stopping.update(now=True))

    torch.manual_seed(args.seed)
    data = torch.Generator().manual_seed(1234)  # the same data for every trial
    train_x, train_y = spirals(500, 0.02, data)
    val_x, val_y = spirals(200, 0.02, data)

    activation = {"relu": nn.ReLU, "tanh": nn.Tanh}[args.activation]
    modules, inputs = [], 2
    for _ in range(args.layers):
        modules += [nn.Linear(inputs, args.width), activation()]
        inputs = args.width
    model = nn.Sequential(*modules, nn.Linear(inputs, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_function = nn.BCEWithLogitsLoss()

    val_loss, val_accuracy = float("nan"), float("nan")
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train_y))
        for start in range(0, len(order), args.batch_size):
            batch = order[start : start + args.batch_size]
            optimizer.zero_grad()
            loss = loss_function(model(train_x[batch]).squeeze(1), train_y[batch])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            logits = model(val_x).squeeze(1)
            val_loss = loss_function(logits, val_y).item()
            val_accuracy = ((logits > 0).float() == val_y).float().mean().item()
        print(f"epoch {epoch}: val_loss {val_loss:.4f} val_accuracy {val_accuracy:.3f}")  # goes to the log
        record("report", step=epoch, value=val_loss)
        if stopping["now"]:
            print(f"stopped after epoch {epoch}", file=sys.stderr)
            return 0  # a stopped trial's result is not used
    record("result", value=val_loss, metrics={"val_accuracy": val_accuracy, "epochs": args.epochs})
    return 0


if __name__ == "__main__":
    sys.exit(main())
