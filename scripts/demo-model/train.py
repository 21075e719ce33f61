"""Generates the shapes dataset, trains the demo CNN, exports ONNX and sample images.

Run from the repository root (needs Debian's python3-torch, python3-numpy, python3-pil):

    /usr/bin/python3 scripts/demo-model/train.py

Writes examples/models/shapes-cnn.onnx, examples/models/shapes-cnn.json (classes,
preprocessing, held-out accuracy) and examples/images/*.png with *.mask.png.
Every random draw is seeded; torch runs on 2 CPU threads.
"""
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from shapes import CLASSES, SIZE, make_dataset, make_image  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MEAN, STD = 0.5, 0.25


class ShapesNet(nn.Module):
    def __init__(self, classes):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))

        self.features = nn.Sequential(block(3, 16), block(16, 32), block(32, 64), block(64, 64))
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(64, classes))

    def forward(self, x):  # x: N x 3 x 64 x 64, already normalised
        return self.head(self.features(x))


def to_tensor(images):
    return (torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0 - MEAN) / STD


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    t0 = time.time()
    train_x, _, train_y = make_dataset(1, 9000)
    test_x, _, test_y = make_dataset(2, 1800)
    print(f"dataset: {len(train_y)} train / {len(test_y)} held out, {time.time() - t0:.1f}s")
    xt, yt = to_tensor(train_x), torch.from_numpy(train_y).long()
    xv, yv = to_tensor(test_x), torch.from_numpy(test_y).long()
    model = ShapesNet(len(CLASSES))
    epochs = int(os.environ.get("EPOCHS", "8"))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * ((len(yt) + 63) // 64))
    gen = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(yt), generator=gen)
        for start in range(0, len(yt), 64):
            idx = order[start:start + 64]
            xb = xt[idx]
            # Flips keep every class a member of itself and double the data.
            if torch.rand(1, generator=gen).item() < 0.5:
                xb = xb.flip(3)
            loss = nn.functional.cross_entropy(model(xb), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xv).argmax(1) == yv).float().mean().item()
        print(f"epoch {epoch + 1}/{epochs}: loss {loss.item():.3f}, held-out accuracy {acc:.4f}, {time.time() - t0:.0f}s")

    os.makedirs(os.path.join(ROOT, "examples", "models"), exist_ok=True)
    onnx_path = os.path.join(ROOT, "examples", "models", "shapes-cnn.onnx")
    torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), onnx_path, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    meta = {
        "classes": CLASSES,
        "input": {"name": "image", "layout": "NCHW", "size": [SIZE, SIZE], "scale": 1 / 255,
                  "mean": [MEAN] * 3, "std": [STD] * 3},
        "output": {"name": "logits", "softmax": True},
        "heldOutAccuracy": round(acc, 4),
        "heldOutImages": int(len(yv)),
        "trainImages": int(len(yt)),
        "epochs": epochs,
    }
    with open(os.path.join(ROOT, "examples", "models", "shapes-cnn.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    # Sample images: one per class (plus two more objects), from their own seed.
    images_dir = os.path.join(ROOT, "examples", "images")
    os.makedirs(images_dir, exist_ok=True)
    rng = np.random.default_rng(3)
    manifest = []
    for k, label in enumerate([1, 2, 3, 4, 5, 0, 1, 5]):
        img, mask = make_image(rng, label)
        name = f"{k + 1:02d}-{CLASSES[label]}"
        Image.fromarray(img).save(os.path.join(images_dir, name + ".png"), optimize=True)
        Image.fromarray((mask * 255).astype(np.uint8)).save(os.path.join(images_dir, name + ".mask.png"), optimize=True)
        with torch.no_grad():
            pred = int(model(to_tensor(img[None])).argmax(1).item())
        manifest.append({"image": name + ".png", "mask": name + ".mask.png", "label": label, "class": CLASSES[label],
                         "predicted": pred})
    with open(os.path.join(images_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"held-out accuracy {acc:.4f}; wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes)")


if __name__ == "__main__":
    main()
