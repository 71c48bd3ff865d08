"""Runs the AWS SAM transform locally on a template, as CloudFormation would on deploy, and writes
the resulting CloudFormation JSON: `python sam_transform.py TEMPLATE OUT.json`.

cfn-lint 1.x checks SAM resources against SAM's schema without transforming them, so a broken
event source or API reference passes it; the translator refuses those, and cfn-lint then checks
the real resources it generates (permissions, aliases, authorizers). Local artifact paths become
placeholder S3 URIs, parameters without a default get placeholder values; no AWS call is made
(the templates name no SAM policy templates or managed policies by name).
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ARTIFACT_PROPERTIES = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
}


class NoManagedPolicies:
    """The translator asks IAM for managed policy ARNs only for policies named by name."""

    def load(self):
        return {}


def main(template_path, out_path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        prop = ARTIFACT_PROPERTIES.get(resource.get("Type"))
        props = resource.get("Properties", {})
        if prop and isinstance(props.get(prop), str) and not props[prop].startswith("s3://"):
            props[prop] = "s3://placeholder-bucket/" + os.path.basename(props[prop])
    parameters = {
        name: "placeholder"
        for name, spec in template.get("Parameters", {}).items()
        if "Default" not in spec
    }
    try:
        transformed = transform(template, parameters, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(f"{template_path}: SAM transform: {cause.message}", file=sys.stderr)
        return 1
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(transformed, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
