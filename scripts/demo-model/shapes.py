"""Synthetic "shapes on textured backgrounds" images with object masks.

Every image has a textured background (soft stripes + noise in random colours) and
small distractors (dots, short strokes, tiny rings) scattered over it. All
classes except "clutter" add one large shape; its pixel mask is returned.
Everything is drawn from a numpy Generator, so a seed fixes every byte.
"""
import math

import numpy as np
from PIL import Image, ImageDraw

SIZE = 64
CLASSES = ["clutter", "circle", "square", "triangle", "cross", "star"]


def _colour(rng, avoid=None):
    while True:
        c = rng.integers(0, 256, 3)
        if avoid is None or np.abs(c.astype(int) - np.asarray(avoid, int)).sum() > 220:
            return tuple(int(v) for v in c)


def _background(rng):
    # Gentle stripes between two nearby colours plus mild noise: textured, yet smooth enough
    # at 64 x 64 for SLIC at Clarify's defaults (20 segments, compactness 5) to find ~10-20 segments.
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    angle = rng.uniform(0, math.pi)
    period = rng.uniform(8, 20)
    stripes = 0.5 + 0.5 * np.sin((x * math.cos(angle) + y * math.sin(angle)) * 2 * math.pi / period)
    a = np.array(_colour(rng), np.float32)
    b = np.clip(a + rng.uniform(-60, 60, 3), 0, 255)
    img = a * (1 - stripes[..., None]) + b * stripes[..., None]
    img += rng.normal(0, 4, (SIZE, SIZE, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def _distractors(draw, rng, count):
    for _ in range(count):
        cx, cy = rng.uniform(0, SIZE, 2)
        colour = _colour(rng)
        kind = rng.integers(0, 3)
        if kind == 0:
            r = rng.uniform(1, 2.5)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
        elif kind == 1:
            a = rng.uniform(0, math.pi)
            length = rng.uniform(4, 9)
            draw.line([cx, cy, cx + length * math.cos(a), cy + length * math.sin(a)], fill=colour, width=1)
        else:
            r = rng.uniform(2, 4)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=colour, width=1)


def _polygon(kind, cx, cy, r, rot):
    if kind == "square":
        pts = [(math.cos(rot + k * math.pi / 2 + math.pi / 4), math.sin(rot + k * math.pi / 2 + math.pi / 4)) for k in range(4)]
    elif kind == "triangle":
        pts = [(math.cos(rot + k * 2 * math.pi / 3), math.sin(rot + k * 2 * math.pi / 3)) for k in range(3)]
    elif kind == "star":
        pts = [((1.0 if k % 2 == 0 else 0.45) * math.cos(rot + k * math.pi / 5),
                (1.0 if k % 2 == 0 else 0.45) * math.sin(rot + k * math.pi / 5)) for k in range(10)]
    else:  # cross: a plus sign of arm half-width 0.3
        w = 0.3
        base = [(w, 1), (w, w), (1, w), (1, -w), (w, -w), (w, -1), (-w, -1), (-w, -w), (-1, -w), (-1, w), (-w, w), (-w, 1)]
        c, s = math.cos(rot), math.sin(rot)
        pts = [(x * c - y * s, x * s + y * c) for x, y in base]
    return [(cx + r * x, cy + r * y) for x, y in pts]


def make_image(rng, label):
    """Returns (HxWx3 uint8 image, HxW bool object mask) for class index `label`."""
    img = Image.fromarray(_background(rng))
    draw = ImageDraw.Draw(img)
    _distractors(draw, rng, int(rng.integers(6, 14)))
    mask_img = Image.new("L", (SIZE, SIZE), 0)
    kind = CLASSES[label]
    if kind != "clutter":
        r = rng.uniform(11, 19)
        cx, cy = rng.uniform(r, SIZE - r, 2)
        colour = _colour(rng, avoid=np.asarray(img).reshape(-1, 3).mean(0))
        mdraw = ImageDraw.Draw(mask_img)
        if kind == "circle":
            box = [cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85]
            draw.ellipse(box, fill=colour)
            mdraw.ellipse(box, fill=255)
        else:
            pts = _polygon(kind, cx, cy, r, rng.uniform(0, 2 * math.pi))
            draw.polygon(pts, fill=colour)
            mdraw.polygon(pts, fill=255)
    # A few distractors on top, so the object is not always unoccluded.
    _distractors(draw, rng, int(rng.integers(1, 4)))
    return np.asarray(img, np.uint8), np.asarray(mask_img) > 0


def make_dataset(seed, count):
    rng = np.random.default_rng(seed)
    labels = np.arange(count) % len(CLASSES)
    rng.shuffle(labels)
    images = np.empty((count, SIZE, SIZE, 3), np.uint8)
    masks = np.empty((count, SIZE, SIZE), bool)
    for i, label in enumerate(labels):
        images[i], masks[i] = make_image(rng, int(label))
    return images, masks, labels
