"""Times scikit-image's SLIC for bench/slic/index.ts, one run per request.

Reads JSON requests from stdin, one per line:
  {"raw": path, "height": h, "width": w, "kwargs": {...}, "labels_out": path or null}
runs `slic` once on the raw RGB image and answers one JSON line
  {"skimage": version, "wall_ms": t, "cpu_ms": t}
writing the labels (int32, row-major) to labels_out when given. Keeping one process
alive lets the benchmark alternate runs of both implementations, so that a change in
the machine's speed during the run affects both sides alike.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.segmentation import slic


def main() -> None:
    images = {}
    for line in sys.stdin:
        case = json.loads(line)
        key = (case["raw"], case["height"], case["width"])
        if key not in images:
            images[key] = np.fromfile(case["raw"], dtype=np.uint8).reshape(case["height"], case["width"], 3)
        img = images[key]
        t0, c0 = time.perf_counter(), time.process_time()
        labels = slic(img, **case["kwargs"])
        cpu = (time.process_time() - c0) * 1000
        wall = (time.perf_counter() - t0) * 1000
        if case.get("labels_out"):
            labels.astype("<i4").tofile(case["labels_out"])
        print(json.dumps({"skimage": skimage.__version__, "wall_ms": wall, "cpu_ms": cpu}), flush=True)


main()
