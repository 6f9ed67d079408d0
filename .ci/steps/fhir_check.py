#!/usr/bin/env python3
"""Checks the FHIR interface of a running claim-scrubber with fhir.resources (module R4B).

  fhir_check.py PORT KEY_PORT [HL7_EXAMPLES_DIR]

Every OperationOutcome, CapabilityStatement, OperationDefinition, CodeSystem and StructureDefinition the
service emits (for the example Claims, every error class and a clean Claim) must be accepted by
fhir.resources' R4B models. fhir.resources checks structure and types only, so the value-set bindings and
cardinalities it leaves out for OperationOutcome (issue 1..*, severity, IssueType code) are checked here
too. The HL7 FHIR R4 example Claims in HL7_EXAMPLES_DIR (claim-example*.json) must each get a 200
OperationOutcome; a missing or empty directory is a failure.
"""
import glob, json, os, sys, urllib.error, urllib.request
from fhir.resources.R4B import get_fhir_model_class

SEVERITIES = {"fatal", "error", "warning", "information"}
ISSUE_TYPES = {"invalid", "structure", "required", "value", "invariant", "security", "login", "unknown", "expired",
               "forbidden", "suppressed", "processing", "not-supported", "duplicate", "multiple-matches", "not-found",
               "deleted", "too-long", "code-invalid", "extension", "too-costly", "business-rule", "conflict", "transient",
               "lock-error", "no-store", "exception", "timeout", "incomplete", "throttled", "informational"}
ISSUE_SYSTEM = "https://claim-scrubber.dev/fhir/CodeSystem/claim-scrubber-issue"
failures = []
checked = {"OperationOutcome": 0}


def request(port, method, path, body=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def validate(label, body, expect_type):
    try:
        data = json.loads(body)
    except ValueError:
        failures.append(f"{label}: not JSON")
        return None
    if data.get("resourceType") != expect_type:
        failures.append(f"{label}: resourceType {data.get('resourceType')!r}, expected {expect_type}")
        return None
    try:
        get_fhir_model_class(expect_type).model_validate(data)
    except Exception as e:  # pydantic's ValidationError: report it, whatever the class
        failures.append(f"{label}: fhir.resources R4B rejects the {expect_type}: {str(e)[:600]}")
        return None
    checked[expect_type] = checked.get(expect_type, 0) + 1
    if expect_type == "OperationOutcome":
        issues = data.get("issue", [])
        if not issues:
            failures.append(f"{label}: OperationOutcome without issues")
        for i, issue in enumerate(issues):
            if issue.get("severity") not in SEVERITIES:
                failures.append(f"{label}: issue {i} severity {issue.get('severity')!r}")
            if issue.get("code") not in ISSUE_TYPES:
                failures.append(f"{label}: issue {i} code {issue.get('code')!r} is not an IssueType")
            codings = issue.get("details", {}).get("coding", [])
            if not codings or codings[0].get("system") != ISSUE_SYSTEM or not codings[0].get("code"):
                failures.append(f"{label}: issue {i} details.coding lacks our system and code")
    return data


def outcome(label, port, method, path, body, headers, status):
    got, content_type, payload = request(port, method, path, body, headers)
    if got != status:
        failures.append(f"{label}: status {got}, expected {status}")
    if content_type != "application/fhir+json":
        failures.append(f"{label}: Content-Type {content_type!r}")
    return validate(label, payload, "OperationOutcome")


def main():
    port, key_port = sys.argv[1], sys.argv[2]
    examples_dir = sys.argv[3] if len(sys.argv) > 3 else ""
    root = os.path.dirname(os.path.abspath(__file__)) + "/../.."
    fhir = {"Content-Type": "application/fhir+json"}
    validate_path = "/fhir/r4/Claim/$validate"

    for path, kind in [("/fhir/r4/metadata", "CapabilityStatement"),
                       ("/fhir/r4/OperationDefinition/claim-scrub", "OperationDefinition"),
                       ("/fhir/r4/CodeSystem/claim-scrubber-issue", "CodeSystem"),
                       ("/fhir/r4/StructureDefinition/therapy-minutes", "StructureDefinition")]:
        status, _, body = request(port, "GET", path)
        if status != 200:
            failures.append(f"GET {path}: status {status}")
        data = validate(f"GET {path}", body, kind)
        if kind == "CapabilityStatement" and data and data.get("fhirVersion") != "4.0.1":
            failures.append("CapabilityStatement.fhirVersion is not 4.0.1")

    claims = {}
    for path in sorted(glob.glob(f"{root}/Config/examples/fhir/*.json")):
        claims[os.path.basename(path)] = json.load(open(path))
    for name, claim in claims.items():
        body = json.dumps(claim).encode()
        outcome(f"example {name}", port, "POST", validate_path, body, fhir, 200)
        outcome(f"example {name} (Parameters)", port, "POST", "/fhir/r4/Claim/%24validate",
                json.dumps({"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": claim}]}).encode(), fhir, 200)
        outcome(f"example {name} (Bundle)", port, "POST", validate_path,
                json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": claim}]}).encode(), fhir, 200)

    # A clean claim: one 97530 line with minutes that support its units.
    clean = json.loads(json.dumps(claims["f01-medicare-pt.json"]))
    clean["item"] = clean["item"][:1]
    clean["total"]["value"] = 150.0
    clean["item"][0]["extension"] = [{"url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                                      "valueDuration": {"value": 45, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"}}]
    data = outcome("clean claim", port, "POST", validate_path, json.dumps(clean).encode(), fhir, 200)
    if data and any(i["severity"] in ("error", "warning") for i in data["issue"]):
        failures.append(f"clean claim has errors or warnings: {[i['details']['coding'][0]['code'] for i in data['issue']]}")
    if data and not any(i["details"]["coding"][0]["code"] == "CLAIM_CLEAN" for i in data["issue"]):
        failures.append("clean claim: no CLAIM_CLEAN issue")

    # Every error class.
    unreadable = {"resourceType": "Claim", "item": [{"sequence": 1, "quantity": {"value": 2.5}}]}
    for label, method, path, body, headers, status in [
        ("not JSON", "POST", validate_path, b"{", fhir, 400),
        ("not FHIR", "POST", validate_path, b"[1]", fhir, 400),
        ("not a Claim", "POST", validate_path, b'{"resourceType":"Patient"}', fhir, 422),
        ("Bundle without a Claim", "POST", validate_path, b'{"resourceType":"Bundle","entry":[]}', fhir, 422),
        ("Parameters without a resource", "POST", validate_path, b'{"resourceType":"Parameters"}', fhir, 422),
        ("Claim not readable whole", "POST", validate_path, json.dumps(unreadable).encode(), fhir, 200),
        ("no scrub result for Accept JSON", "POST", validate_path, json.dumps(unreadable).encode(),
         {**fhir, "Accept": "application/json"}, 422),
        ("wrong media type", "POST", validate_path, b"{}", {"Content-Type": "text/plain"}, 415),
        ("wrong method", "GET", validate_path, None, {}, 405),
        ("unknown FHIR path", "GET", "/fhir/r4/Patient/1", None, {}, 404),
    ]:
        outcome(label, port, method, path, body, headers, status)
    outcome("no API key", key_port, "POST", validate_path, json.dumps(claims["f01-medicare-pt.json"]).encode(), fhir, 401)

    hl7 = sorted(glob.glob(os.path.join(examples_dir, "claim-example*.json"))) if examples_dir else []
    for path in hl7:
        outcome(f"HL7 example {os.path.basename(path)}", port, "POST", validate_path, open(path, "rb").read(), fhir, 200)
    if hl7:
        print(f"HL7 R4 example Claims: {len(hl7)} run from {examples_dir}")
    else:
        failures.append(f"HL7 R4 example Claims: none (no claim-example*.json in {examples_dir or '(no directory given)'})")

    print("validated:", ", ".join(f"{n} {k}" for k, n in sorted(checked.items())))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
