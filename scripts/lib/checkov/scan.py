"""Checkov on the SAM templates and on their SAM transforms:
`python scan.py RUN_DIR TEMPLATE...`, run from the repository root, where RUN_DIR holds each
template's transform as <name>.json (scripts/lib/sam_transform.py). Exits non-zero on any failed
check, and on a file Checkov could not parse or a scan that found no resource: Checkov itself
exits 0 on those.

Both are scanned because each sees what the other cannot: the template is what platform teams
scan, and Checkov reads its SAM resources (and their Globals) directly; the transform has the
resources SAM generates, which some checks only see there (Lambda permissions, function URLs).
Skips live in the template only, in each resource's Metadata (`checkov: skip: [{id, comment}]`),
which the transform keeps on the resource SAM makes from it. One exception: Checkov checks a
SAM API as its stage, while the transform keeps the API's Metadata on the RestApi/HttpApi and
not on the Stage it generates; the copy scanned (<name>.checkov.json) gives each stage its API's
skips, so one skip with its reason covers both.
"""
import json
import os
import subprocess
import sys

STAGE_API_PROPERTY = {"AWS::ApiGateway::Stage": "RestApiId", "AWS::ApiGatewayV2::Stage": "ApiId"}


def with_api_skips_on_stages(transform):
    resources = transform.get("Resources", {})
    for stage in resources.values():
        prop = STAGE_API_PROPERTY.get(stage.get("Type"))
        api = stage.get("Properties", {}).get(prop) if prop else None
        if not (isinstance(api, dict) and "Ref" in api):
            continue
        skips = resources.get(api["Ref"], {}).get("Metadata", {}).get("checkov", {}).get("skip", [])
        if skips:
            own = stage.setdefault("Metadata", {}).setdefault("checkov", {}).setdefault("skip", [])
            own.extend(skips)
    return transform


def scan_inputs(run_dir, templates):
    inputs = []
    for template in templates:
        name = os.path.splitext(os.path.basename(template))[0]
        transformed = os.path.join(run_dir, name + ".json")
        if not os.path.exists(transformed):
            sys.exit(f"no SAM transform of {template} at {transformed} (templates_lint makes it)")
        with open(transformed, encoding="utf-8") as f:
            transform = json.load(f)
        scanned = os.path.join(run_dir, name + ".checkov.json")
        with open(scanned, "w", encoding="utf-8") as f:
            json.dump(with_api_skips_on_stages(transform), f, indent=1)
        inputs += [template, scanned]
    return inputs


def main(run_dir, templates):
    report = os.path.join(run_dir, "checkov-report.json")
    checkov = os.path.join(os.path.dirname(sys.executable), "checkov")
    if os.path.exists(report):
        os.remove(report)
    # --skip-download: no call to the vendor's platform (guidelines, policies); nothing leaves
    # the machine.
    rc = subprocess.call([checkov, "--framework", "cloudformation", "--skip-download", "--compact", "--quiet",
                          "-o", "cli", "-o", "json", "--output-file-path", "console," + report,
                          "-f", *scan_inputs(run_dir, templates)], stdin=subprocess.DEVNULL)
    if not os.path.exists(report):
        print(f"checkov wrote no report (exit {rc}; its output is above)", file=sys.stderr)
        return 1
    with open(report, encoding="utf-8") as f:
        result = json.load(f)
    summary = result.get("summary", result)  # a scan that found nothing is the summary alone
    unparsed = result.get("results", {}).get("parsing_errors", [])
    if unparsed or summary["parsing_errors"]:
        names = ": " + ", ".join(unparsed) if unparsed else " (its log above names them)"
        print(f"checkov could not parse {max(len(unparsed), summary['parsing_errors'])} file(s){names}", file=sys.stderr)
        return 1
    if summary["resource_count"] == 0:
        print("checkov found no resource to check", file=sys.stderr)
        return 1
    if rc != 0 or summary["failed"]:
        print(f"checkov: {summary['failed']} failed check(s) (above; exit {rc})", file=sys.stderr)
        return 1
    print(f"checkov {summary['checkov_version']}: no failed check ({summary['passed']} passed, "
          f"{summary['skipped']} skipped with their reasons in the templates)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
