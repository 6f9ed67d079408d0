"""Schemathesis hooks for 30-schemathesis.sh.

POST /v1/claims/batch takes NDJSON: the serializer writes a generated list of claims one per line, and
the deserializer reads the response's lines back into a list, which the response schema describes.

The claim has cross-field rules that JSON Schema cannot express (openapi.yaml says so in the Claim
description): `assistantMinutes` <= `minutes` on a line; `certifiedThrough` >= `certifiedFrom` in the
plan of care; a line's `dateOfServiceThrough` on or after its date and at most 31 days later; and, on
a claim without `dateOfService` whose lines have several dates, a `dateOfService` on every
`otherServicesToday` entry. The service answers 422 when they are broken, which is right, but
schemathesis would then call a schema-valid body "rejected". This hook makes generated bodies
respect the rules (clamping / swapping / filling only values that are already of the right type),
so the default checks, positive_data_acceptance included, stay strict for everything else.

Dollar amounts (`charge`, `totalCharge`) are read from their text with at most two decimals; a
generated float that honours `multipleOf: 0.01` may still print as 123.45000000000002, so the hook
rounds such values to the cent.

Likewise JSON Schema's `integer` admits 406.0 (a number with a zero fraction), while the claim
decoder deliberately requires whole counts written without fraction or exponent (a gateway and this
service must read the same value; "406.0" is refused with a pointer, 422). The hook writes such
generated values (counts and diagnosis pointers) as plain integers.
"""
import datetime
import json
import os

import schemathesis
from hypothesis import strategies as st

# POST /v1/x12/837p takes an 837P file (`application/edi-x12`), which schemathesis cannot generate from
# `type: string`: its bodies are the constructed example files (the service answers arbitrary text with 422,
# as documented), and a 999 answer is read as text.
_X12_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Config", "examples", "x12")
_X12_EXAMPLES = [open(os.path.join(_X12_DIR, name), "rb").read() for name in sorted(os.listdir(_X12_DIR)) if name.endswith(".x12")]
schemathesis.openapi.media_type("application/edi-x12", st.sampled_from(_X12_EXAMPLES))


@schemathesis.deserializer("application/edi-x12")
def _read_x12(ctx, response):
    return response.content.decode("ascii")


COUNT_FIELDS = ("minutes", "units", "assistantMinutes", "treatmentDaysSinceProgressReport", "visitNumber")
MONEY_FIELDS = ("charge", "totalCharge")


def _cents(obj):
    for key in MONEY_FIELDS:
        v = obj.get(key)
        if type(v) is float or type(v) is int:
            if type(v) is float and v.is_integer() and abs(v) < 2**53:
                v = int(v)
            if type(v) is float:
                v = round(v, 2)
                if v <= 0:
                    v = 0.01
            obj[key] = v


def _date(text):
    try:
        return datetime.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None


def _whole(obj):
    for key in COUNT_FIELDS:
        v = obj.get(key)
        if type(v) is float and v.is_integer() and abs(v) < 2**63:
            obj[key] = int(v)
    pointers = obj.get("diagnosisPointers")
    if isinstance(pointers, list):
        obj["diagnosisPointers"] = [int(p) if type(p) is float and p.is_integer() and abs(p) < 2**63 else p for p in pointers]


def _fix_claim(body):
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("context"), dict):
        _whole(body["context"])
    _cents(body)
    claim_date = _date(body.get("dateOfService"))
    line_dates = set()
    lines = body.get("lines")
    if isinstance(lines, list):
        for line in lines:
            if not isinstance(line, dict):
                continue
            _whole(line)
            _cents(line)
            a, m = line.get("assistantMinutes"), line.get("minutes")
            if type(a) is int and type(m) is int and m >= 0 and a > m:
                line["assistantMinutes"] = m
            start = _date(line.get("dateOfService")) or claim_date
            if start is not None:
                line_dates.add(start)
            through = _date(line.get("dateOfServiceThrough"))
            if start is not None and through is not None and not (start <= through <= start + datetime.timedelta(days=30)):
                line["dateOfServiceThrough"] = start.isoformat()
    context = body.get("context")
    if isinstance(context, dict) and claim_date is None and len(line_dates) > 1:
        others = context.get("otherServicesToday")
        if isinstance(others, list):
            for other in others:
                if isinstance(other, dict) and other.get("dateOfService") is None:
                    other["dateOfService"] = min(line_dates).isoformat()
    if isinstance(context, dict):
        plan = context.get("planOfCare")
        if isinstance(plan, dict):
            f, t = plan.get("certifiedFrom"), plan.get("certifiedThrough")
            if isinstance(f, str) and isinstance(t, str) and len(f) == len(t) == 10 and t < f:
                plan["certifiedFrom"], plan["certifiedThrough"] = t, f
    return body


def _fix_body(body):
    # A batch body is a list of claims (one per NDJSON line).
    if isinstance(body, list):
        return [_fix_claim(item) for item in body]
    return _fix_claim(body)


@schemathesis.hook
def map_body(ctx, body):
    return _fix_body(body)


@schemathesis.serializer("application/x-ndjson")
def ndjson_serializer(ctx, value):
    """POST /v1/claims/batch: a list is one JSON text per line; anything else is one line."""
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item) + "\n" for item in items).encode("utf-8")


@schemathesis.deserializer("application/x-ndjson")
def ndjson_deserializer(ctx, response):
    """A batch's response: the list of its lines, each parsed (the schema describes one line)."""
    text = response.content.decode("utf-8")
    return [json.loads(line) for line in text.split("\n") if line]


@schemathesis.hook
def before_call(ctx, case, kwargs):
    # The coverage phase builds cases without the generation hooks; fix those right before sending.
    if isinstance(case.body, (dict, list)):
        case.body = _fix_body(case.body)
