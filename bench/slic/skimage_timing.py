"""Times scikit-image's SLIC on raw RGB images written by bench/slic/index.ts.

Usage: skimage_timing.py JOB.json
JOB.json: {"cases": [{"raw": path, "height": h, "width": w, "kwargs": {...}, "labels_out": path}], "runs": n}
Prints one JSON line: {"skimage": version, "results": [{"wall_ms": [...], "cpu_ms": [...]}]}
and writes each case's labels (int32, row-major) to labels_out for the bit-identity check.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.segmentation import slic


def main() -> None:
    job = json.load(open(sys.argv[1]))
    results = []
    for case in job["cases"]:
        img = np.fromfile(case["raw"], dtype=np.uint8).reshape(case["height"], case["width"], 3)
        wall, cpu = [], []
        labels = None
        for _ in range(job["runs"]):
            t0, c0 = time.perf_counter(), time.process_time()
            labels = slic(img, **case["kwargs"])
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
        labels.astype("<i4").tofile(case["labels_out"])
        results.append({"wall_ms": wall, "cpu_ms": cpu})
    print(json.dumps({"skimage": skimage.__version__, "results": results}))


main()
