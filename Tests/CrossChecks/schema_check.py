"""Checks files against a JSON Schema with Python's jsonschema (an independent validator).

Usage: python3 schema_check.py MANIFEST.json
MANIFEST: {"schema": PATH, "valid": [PATH, ...], "invalid": [PATH, ...]}; YAML and JSON files.
Prints one line per file that the schema judges differently from the manifest, and exits 1 if any.
"""
import json
import sys

import jsonschema
import yaml

manifest = json.load(open(sys.argv[1]))
schema = json.load(open(manifest["schema"]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def load(path):
    with open(path) as f:
        text = f.read()
    # YAML 1.1 reads "1e308" as a string; the tool reads YAML 1.2-style numbers, so parse JSON as JSON.
    return json.loads(text) if path.endswith(".json") else yaml.safe_load(text)


wrong = 0
for path in manifest["valid"]:
    errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
    if errors:
        wrong += 1
        print(f"REJECTED valid {path}: {errors[0].message[:200]} at {list(errors[0].path)}")
for path in manifest["invalid"]:
    if validator.is_valid(load(path)):
        wrong += 1
        print(f"ACCEPTED invalid {path}")
print(f"{len(manifest['valid'])} valid and {len(manifest['invalid'])} invalid files checked, {wrong} judged wrongly")
sys.exit(1 if wrong else 0)
