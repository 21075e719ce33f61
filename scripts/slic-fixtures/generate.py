#!/usr/bin/python3
"""Regenerate or extend the SLIC reference fixtures with scikit-image.

Every case in MANIFEST (default: test/fixtures/slic/manifest.json) names a lossless
PNG beside it and the keyword arguments given to skimage.segmentation.slic; this
script recomputes each label image (int32 little-endian, row-major, gzip) and
rewrites the manifest. Add cases with --case IMAGE.png '{"n_segments": 30}'.
Grayscale PNGs (one channel) are segmented with channel_axis=None.

Run with Debian's Python, which sees python3-skimage:
    /usr/bin/python3 scripts/slic-fixtures/generate.py [--out DIR] [--case IMG KWARGS]...
"""
import argparse
import gzip
import json
import os
import shutil
import sys

import numpy as np
import skimage
from skimage import io
from skimage.segmentation import slic


def label_file(image: str, index: int) -> str:
    return f"{os.path.splitext(image)[0]}.p{index}.labels.i32.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", default="test/fixtures/slic", help="folder holding manifest.json and the PNGs")
    parser.add_argument("--out", help="write here instead of in place (PNGs are copied)")
    parser.add_argument("--case", nargs=2, action="append", default=[], metavar=("IMAGE", "KWARGS_JSON"))
    args = parser.parse_args()

    with open(os.path.join(args.fixtures, "manifest.json")) as f:
        manifest = json.load(f)
    # channel_axis is derived from the PNG (one channel = grayscale), not stored input.
    cases = [(c["image"], {k: v for k, v in c["slic_kwargs"].items() if k != "channel_axis"}) for c in manifest["cases"]]
    for image, kwargs in args.case:
        src = os.path.abspath(image)
        name = os.path.basename(src)
        if os.path.dirname(src) != os.path.abspath(args.fixtures):
            shutil.copyfile(src, os.path.join(args.fixtures, name))
        cases.append((name, json.loads(kwargs)))

    out_dir = args.out or args.fixtures
    os.makedirs(out_dir, exist_ok=True)
    per_image: dict = {}
    written = []
    for image, kwargs in cases:
        pixels = io.imread(os.path.join(args.fixtures, image))
        if pixels.ndim == 3 and pixels.shape[2] == 4:
            pixels = pixels[..., :3]
        gray = pixels.ndim == 2
        labels = slic(pixels, channel_axis=None if gray else -1, **kwargs)
        index = per_image.get(image, 0)
        per_image[image] = index + 1
        name = label_file(image, index)
        with open(os.path.join(out_dir, name), "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
                f.write(labels.astype("<i4").tobytes())
        if args.out:
            shutil.copyfile(os.path.join(args.fixtures, image), os.path.join(out_dir, image))
        kw = dict(kwargs)
        if gray:
            kw["channel_axis"] = None
        written.append({
            "image": image,
            "height": int(pixels.shape[0]),
            "width": int(pixels.shape[1]),
            "channels": 1 if gray else int(pixels.shape[2]),
            "slic_kwargs": kw,
            "labels": name,
            "num_labels": int(len(np.unique(labels))),
            "min_label": int(labels.min()),
            "max_label": int(labels.max()),
        })
    manifest = {"skimage_version": skimage.__version__, "numpy_version": np.__version__, "cases": written}
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"{len(written)} cases written to {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
