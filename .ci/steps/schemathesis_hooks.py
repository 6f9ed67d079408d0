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

# POST /v1/x12/837p takes an 837P file: schemathesis can only generate arbitrary strings, which are not
# X12 (the service answers 422, as documented). So the generated body of that route is replaced by one of
# the constructed example files: the positive checks then see a real scrub, 200, and validate it.
X12_EXAMPLES = sorted(
    os.path.join(os.path.dirname(__file__), "..", "..", "Config", "examples", "x12", name)
    for name in os.listdir(os.path.join(os.path.dirname(__file__), "..", "..", "Config", "examples", "x12"))
    if name.endswith(".x12")
)


def _x12_body(seed):
    with open(X12_EXAMPLES[sum(seed.encode()) % len(X12_EXAMPLES)], encoding="ascii") as f:
        return f.read()


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
    if case.path == "/v1/x12/837p" and isinstance(case.body, (str, bytes)):
        case.body = _x12_body(str(case.body))
