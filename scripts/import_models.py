#!/usr/bin/env python3
"""Imports the botocore service models awsemu serves into services/<name>/model.json.

The models come from the botocore installed on this machine; documentation text and other
client-only keys are stripped so the files stay small. The botocore version is recorded in
services/MODELS_VERSION. Re-run to update: python3 scripts/import_models.py
Corrections live in services/<name>/model.patch.json (a JSON merge patch applied at load) and are
not touched by this script.
"""
import gzip
import json
import os
import sys

import botocore

SERVICES = ["s3", "sqs", "sns", "dynamodb", "dynamodbstreams", "lambda", "iam", "sts",
            "cloudwatch", "logs"]
# keys that only matter to documentation or client code generators
DROP_KEYS = {"documentation", "documentationUrl", "examples", "deprecatedMessage",
             "documentation_url", "authtype", "auth", "endpointdiscovery", "endpointoperation",
             "staticContextParams", "contextParam", "operationContextParams", "clientContextParams",
             "box", "wrapper", "unstable", "internalonly"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP_KEYS}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def latest_model(data_dir, service):
    base = os.path.join(data_dir, service)
    version = sorted(os.listdir(base))[-1]
    folder = os.path.join(base, version)
    for name in ("service-2.json", "service-2.json.gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return version, json.load(f)
    raise SystemExit(f"no service-2.json for {service} in {folder}")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    lines = [f"botocore {botocore.__version__}"]
    for service in SERVICES:
        api_version, model = latest_model(data_dir, service)
        model = strip(model)
        out_dir = os.path.join(root, "services", service)
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "model.json"), "w", encoding="utf-8") as f:
            json.dump(model, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        lines.append(f"{service} {api_version} {len(model['operations'])} operations")
        print(lines[-1])
    with open(os.path.join(root, "services", "MODELS_VERSION"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
