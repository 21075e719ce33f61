"""One run of smclarify (../shared/reference/smclarify) on a CSV dataset, fed as a Clarify
job feeds it (pandas.read_csv, dropna, one bias_report per facet and stage: assumptions
A1-A7 of test/fixtures/bias/README.md). Prints one JSON line: timings, peak RSS, the
report. Usage: python3 smclarify_bench.py <csv> <analysis_config.json text>
"""
import json
import logging
import math
import resource
import sys
import time

start = time.perf_counter()
import pandas as pd  # noqa: E402

from smclarify.bias import report  # noqa: E402
from smclarify.bias.report import FacetColumn, LabelColumn, StageType  # noqa: E402

logging.disable(logging.CRITICAL)
imported = time.perf_counter()
path, config = sys.argv[1], json.loads(sys.argv[2])
df = pd.read_csv(path).dropna().reset_index(drop=True)
read = time.perf_counter()
label = config["label"]
predicted = config.get("predicted_label")
if predicted is not None and "probability_threshold" in config:
    df[predicted] = (df[predicted] > config["probability_threshold"]).astype("int64")
group = df[config["group_variable"]] if "group_variable" in config else None
sections = {}
for key, name, stage in [
    ("pre_training_bias", "pre_training_bias_metrics", StageType.PRE_TRAINING),
    ("post_training_bias", "post_training_bias_metrics", StageType.POST_TRAINING),
]:
    if key not in config["methods"]:
        continue
    methods = config["methods"][key]["methods"]
    metrics = ["all"] if methods == "all" else list(methods)
    facets = {}
    for facet in config["facet"]:
        values = facet.get("value_or_threshold") or None
        facets[facet["name_or_index"]] = report.bias_report(
            df,
            FacetColumn(facet["name_or_index"], list(values) if values else None),
            LabelColumn(label, df[label], list(config["label_values_or_threshold"])),
            stage,
            predicted_label_column=LabelColumn(predicted, df[predicted]) if stage == StageType.POST_TRAINING else None,
            metrics=metrics,
            group_variable=group,
        )
    sections[name] = {
        "label": label,
        "label_value_or_threshold": report.label_value_or_threshold(df[label], list(config["label_values_or_threshold"])),
        "facets": facets,
    }
end = time.perf_counter()
for section in sections.values():
    for entries in section["facets"].values():
        for entry in entries:
            for metric in entry["metrics"]:
                if isinstance(metric["value"], float) and math.isnan(metric["value"]):
                    metric["value"] = "NaN"
print(
    json.dumps(
        {
            "total_ms": (end - imported) * 1000,
            "read_ms": (read - imported) * 1000,
            "bias_ms": (end - read) * 1000,
            "import_ms": (imported - start) * 1000,
            "rows": len(df),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "report": sections,
        }
    )
)
