"""Schemathesis hooks for 30-schemathesis.sh.

The claim has two cross-field rules that JSON Schema cannot express (openapi.yaml says so in the
Claim description): `assistantMinutes` <= `minutes` on a line, and `certifiedThrough` >=
`certifiedFrom` in the plan of care. The service answers 422 when they are broken, which is right,
but schemathesis would then call a schema-valid body "rejected". This hook makes generated bodies
respect the two rules (clamping / swapping only values that are already of the right type), so the
default checks, positive_data_acceptance included, stay strict for everything else.

Likewise JSON Schema's `integer` admits 406.0 (a number with a zero fraction), while the claim
decoder deliberately requires whole counts written without fraction or exponent (a gateway and this
service must read the same value; "406.0" is refused with a pointer, 422). The hook writes such
generated values as plain integers.
"""
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


def _whole(obj):
    for key in COUNT_FIELDS:
        v = obj.get(key)
        if type(v) is float and v.is_integer() and abs(v) < 2**63:
            obj[key] = int(v)


def _fix_claim(body):
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("context"), dict):
        _whole(body["context"])
    lines = body.get("lines")
    if isinstance(lines, list):
        for line in lines:
            if not isinstance(line, dict):
                continue
            _whole(line)
            a, m = line.get("assistantMinutes"), line.get("minutes")
            if type(a) is int and type(m) is int and m >= 0 and a > m:
                line["assistantMinutes"] = m
    context = body.get("context")
    if isinstance(context, dict):
        plan = context.get("planOfCare")
        if isinstance(plan, dict):
            f, t = plan.get("certifiedFrom"), plan.get("certifiedThrough")
            if isinstance(f, str) and isinstance(t, str) and len(f) == len(t) == 10 and t < f:
                plan["certifiedFrom"], plan["certifiedThrough"] = t, f
    return body


@schemathesis.hook
def map_body(ctx, body):
    return _fix_claim(body)


@schemathesis.hook
def before_call(ctx, case, kwargs):
    # The coverage phase builds cases without the generation hooks; fix those right before sending.
    if isinstance(case.body, dict):
        case.body = _fix_claim(case.body)
