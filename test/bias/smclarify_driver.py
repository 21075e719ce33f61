"""Runs smclarify (../shared/reference/smclarify) the way a Clarify job feeds it, following
test/fixtures/bias/README.md's assumptions A1-A7, for clarify-ts's live parity test.

stdin: a JSON list of cases {"config": <analysis config>, "data": <path to a CSV file>}.
stdout: a JSON list, one entry per case: {"sections": {...}} in analysis.json's layout, or
{"failure": "<message>"} when smclarify raised before the metrics (a whole-run failure).
NaN values are written as the string "NaN".
"""
import json
import math
import sys

import pandas as pd

from smclarify.bias import report
from smclarify.bias.report import FacetColumn, LabelColumn, StageType


def read_table(config, path):
    if config.get("headers") is not None:
        df = pd.read_csv(path, header=None, names=config["headers"])
    else:
        df = pd.read_csv(path)
    # A3: rows with a missing value are dropped, then renumbered.
    return df.dropna().reset_index(drop=True)


def column_name(df, name_or_index):
    return df.columns[name_or_index] if isinstance(name_or_index, int) else name_or_index


def nan_as_str(value):
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def run_case(case):
    config = case["config"]
    df = read_table(config, case["data"])
    label = column_name(df, config["label"])
    label_values = config["label_values_or_threshold"]
    predicted = config.get("predicted_label")
    predicted = column_name(df, predicted) if predicted is not None else None
    if predicted is not None and "probability_threshold" in config:
        # A5: scores above the threshold are positive predictions.
        df[predicted] = (df[predicted] > config["probability_threshold"]).astype("int64")
    group = config.get("group_variable")
    group_series = df[column_name(df, group)] if group is not None else None
    joinsource = config.get("joinsource_name_or_index")
    frame = df.drop(columns=[column_name(df, joinsource)]) if joinsource is not None else df
    sections = {}
    stages = [
        ("pre_training_bias", "pre_training_bias_metrics", StageType.PRE_TRAINING),
        ("post_training_bias", "post_training_bias_metrics", StageType.POST_TRAINING),
    ]
    for key, section_name, stage in stages:
        if key not in config["methods"]:
            continue
        methods = config["methods"][key]["methods"]
        metrics = ["all"] if methods == "all" else (list(methods) if isinstance(methods, list) else [methods])
        facets = {}
        for facet in config["facet"]:
            name = column_name(df, facet["name_or_index"])
            values = facet.get("value_or_threshold") or None
            result = report.bias_report(
                frame,
                FacetColumn(name, list(values) if values else None),
                LabelColumn(label, frame[label], list(label_values)),
                stage,
                predicted_label_column=LabelColumn(predicted, frame[predicted]) if stage == StageType.POST_TRAINING else None,
                metrics=metrics,
                group_variable=group_series,
            )
            for entry in result:
                for metric in entry["metrics"]:
                    metric["value"] = nan_as_str(metric["value"])
            facets[name] = result
        sections[section_name] = {
            "label": label,
            "label_value_or_threshold": report.label_value_or_threshold(frame[label], list(label_values)),
            "facets": facets,
        }
    return sections


def main():
    import logging

    logging.disable(logging.CRITICAL)
    out = []
    for case in json.load(sys.stdin):
        try:
            out.append({"sections": run_case(case)})
        except Exception as exc:  # a whole-run failure, as the container would fail the job
            out.append({"failure": f"{type(exc).__name__}: {exc}"})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
