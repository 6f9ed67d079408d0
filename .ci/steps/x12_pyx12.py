#!/usr/bin/env python3
"""The 837P mutation set, checked by pyx12 4.0.0 and by claim-scrubber side by side.

  x12_pyx12.py generate DIR            write the constructed files and every mutation of them into DIR
  x12_pyx12.py compare DIR BIN PORT    run pyx12 and `BIN check` on every file of DIR and pyx12 on the 999
                                       the server on 127.0.0.1:PORT answers; print the table; exit 1 when
                                       claim-scrubber disagrees with pyx12 on a check pyx12 makes, misses a
                                       check of its own, or writes a 999 pyx12 rejects
  x12_pyx12.py table DIR BIN PORT [--check] PAGE
                                       also write the table between the page's mutation-table markers
                                       (`--check`: fail when the page's table differs instead)

Agreement, per file pyx12 can read: the segments (by ordinal in the file) where pyx12 reports a segment or
element error are exactly the segments where claim-scrubber reports a syntax problem, the envelope errors
(ISA/IEA, GS/GE, ST/SE counts, control numbers, missing trailers) are the same, and a transaction set pyx12
accepts is accepted (IK5 A) in our 999 and one it rejects is not. Checks pyx12 does not make ("ours") must
show up as a problem or finding that the unmutated file does not have.
"""
import io, json, logging, os, re, subprocess, sys, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
EXAMPLES = os.path.join(ROOT, "Config", "examples", "x12")
BASE = "c01-medicare-pt-97530x3-97140x1.x12"
MARK_BEGIN = "<!-- mutation-table:begin -->"
MARK_END = "<!-- mutation-table:end -->"


def fix_se(text):
    """Recomputes SE01 of every transaction set (a mutation that adds or removes a segment keeps its count)."""
    out, n = [], 0
    for seg in text.split("~\n"):
        if seg.startswith("ST*"):
            n = 0
        n += 1
        if seg.startswith("SE*"):
            parts = seg.split("*")
            parts[1] = str(n)
            seg = "*".join(parts)
        out.append(seg)
    return "~\n".join(out)


def rep(old, new, count=1, keep_se=False):
    def f(t):
        assert old in t, old
        t = t.replace(old, new, count)
        return t if keep_se else fix_se(t)
    return f


def two_claims(t):
    """The base with a second claim (same subscriber): HL, CLM, LX numbering restart per claim."""
    start = t.index("CLM*")
    end = t.index("SE*")
    claim = t[start:end].replace("C01PT0001", "C01PT0002")
    return fix_se(t[:end] + claim + t[end:])


def two_transactions(t):
    """Two ST/SE in one group; the second one's HL numbers restart at 1."""
    start = t.index("ST*")
    end = t.index("GE*")
    second = t[start:end].replace("ST*837*0001", "ST*837*0002").replace("SE*29*0001", "SE*29*0002")
    return t[:end] + second + t[end:].replace("GE*1*", "GE*2*")


# (name, category, description, transform). Category: "pyx12" = a check pyx12 makes (we must agree),
# "ours" = a check pyx12 does not make (we must catch it), "both-read" = files both must read cleanly,
# "pyx12-cannot-read" = input pyx12 stops on (shown in the table, not compared).
MUTATIONS = [
    ("ok", "both-read", "the constructed file as is", lambda t: t),
    ("crlf", "both-read", "CR LF after every segment terminator", lambda t: t.replace("~\n", "~\r\n")),
    ("one-line", "both-read", "no line breaks between segments", lambda t: t.replace("~\n", "~")),
    ("two-claims", "both-read", "two claims for one subscriber (LX restarts at 1)", two_claims),
    ("two-transactions", "both-read", "two ST/SE in one group, HL restarting at 1 in the second", two_transactions),
    ("rd8", "both-read", "DTP*472 as a date range (RD8)", rep("DTP*472*D8*20250303~\nLX", "DTP*472*RD8*20250303-20250304~\nLX")),
    ("minutes-note", "both-read", "a 2400 NTE*ADD*MIN=38 minutes note", rep("DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*MIN=38~\nLX")),
    # Envelope counts and control numbers.
    ("se-count", "pyx12", "SE01 one more than the segments", rep("SE*29*0001", "SE*30*0001", keep_se=True)),
    ("se-control", "pyx12", "SE02 differs from ST02", rep("SE*29*0001", "SE*29*0002", keep_se=True)),
    ("ge-count", "pyx12", "GE01 counts 2 transaction sets, there is 1", rep("GE*1*101", "GE*2*101")),
    ("ge-control", "pyx12", "GE02 differs from GS06", rep("GE*1*101", "GE*1*102")),
    ("iea-count", "pyx12", "IEA01 counts 2 groups, there is 1", rep("IEA*1*", "IEA*2*")),
    ("iea-control", "pyx12", "IEA02 differs from ISA13", rep("IEA*1*000000101", "IEA*1*000000109")),
    ("no-se", "pyx12", "SE missing", rep("SE*29*0001~\n", "", keep_se=True)),
    ("no-ge", "pyx12", "GE missing", rep("GE*1*101~\n", "")),
    ("no-iea", "pyx12", "IEA missing", rep("IEA*1*000000101~\n", "")),
    # Hierarchy and line numbering.
    ("lx-order", "pyx12", "LX 1, 3 (second line numbered 3)", rep("LX*2~", "LX*3~")),
    ("lx-start", "pyx12", "LX starts at 2", rep("LX*1~", "LX*2~")),
    ("hl-start", "pyx12", "HL numbered from 7", lambda t: fix_se(t.replace("HL*1**20*1", "HL*7**20*1").replace("HL*2*1*22*0", "HL*8*7*22*0"))),
    ("hl-parent", "pyx12", "HL02 names a parent that does not exist", rep("HL*2*1*22*0", "HL*2*5*22*0")),
    # Required segments and loops, repeats, unknown segments.
    ("no-hi", "pyx12", "2300 HI (diagnoses) missing", rep("HI*ABK:M6281*ABF:M5450~\n", "")),
    ("no-sv1", "pyx12", "2400 SV1 missing", rep("SV1*HC:97140:GP*45*UN*1***2~\n", "")),
    ("no-dtp472", "pyx12", "2400 DTP*472 (service date) missing", rep("DTP*472*D8*20250303~\nLX*2", "LX*2")),
    ("no-n3-billing", "pyx12", "2010AA N3 missing", rep("N3*100 MAIN ST~\n", "")),
    ("no-sbr", "pyx12", "2000B SBR missing", rep("SBR*P*18*******MB~\n", "")),
    ("no-payer", "pyx12", "2010BB NM1*PR (payer) missing", rep("NM1*PR*2*MEDICARE PART B*****PI*00000~\n", "")),
    ("two-hi", "pyx12", "2300 HI twice", rep("HI*ABK:M6281*ABF:M5450~\n", "HI*ABK:M6281*ABF:M5450~\nHI*ABK:M6281~\n")),
    ("two-nte", "pyx12", "two line notes on one line", rep("DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*MIN=38~\nNTE*ADD*MIN=38~\nLX")),
    ("unknown-segment", "pyx12", "a segment that is not in the 837P", rep("LX*2~", "XYZ*1~\nLX*2~")),
    ("indented", "pyx12", "segments indented by two spaces", lambda t: t.replace("~\nLX", "~\n  LX")),
    # Code lists and formats.
    ("sbr09", "pyx12", "SBR09 not a filing indicator code", rep("*******MB~", "*******QQ~")),
    ("pos-00", "pyx12", "CLM05-1 place of service 00", rep("*11:B:1*", "*00:B:1*")),
    ("clm05-2", "pyx12", "CLM05-2 not B", rep("*11:B:1*", "*11:X:1*")),
    ("sv103", "pyx12", "SV103 not UN or MJ", rep("*150*UN*3", "*150*XX*3")),
    ("pointer-13", "pyx12", "SV107 pointer 13 (outside 1-12)", rep("***1:2~", "***13:2~")),
    ("prv02", "pyx12", "PRV02 not PXC", rep("PRV*PE*PXC*225100000X", "PRV*PE*ZZ*225100000X")),
    ("dtp02", "pyx12", "DTP02 not D8 or RD8", rep("DTP*472*D8*20250303~\nLX", "DTP*472*D9*20250303~\nLX")),
    ("date", "pyx12", "service date 2025-02-30", rep("DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250230~\nLX")),
    ("rd8-single", "pyx12", "RD8 with one date", rep("DTP*472*D8*20250303~\nLX", "DTP*472*RD8*20250303~\nLX")),
    ("clm02-letters", "pyx12", "CLM02 with a letter", rep("CLM*C01PT0001*195*", "CLM*C01PT0001*1A5*")),
    ("sv102-empty", "pyx12", "SV102 (line charge) empty", rep("SV1*HC:97140:GP*45*UN*1***2", "SV1*HC:97140:GP**UN*1***2")),
    ("sv101-8", "pyx12", "eight SV101 components (SV101-8 is not used)", rep("HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ:XE*")),
    ("hi-first-abf", "pyx12", "first diagnosis qualified ABF", rep("HI*ABK:M6281*ABF:M5450", "HI*ABF:M6281*ABF:M5450")),
    ("sv101-1", "pyx12", "SV101-1 not a product qualifier", rep("HC:97530:GP*", "ZZ:97530:GP*")),
    ("trailing-separator", "pyx12", "an element separator before the terminator", rep("LX*2~", "LX*2*~")),
    # Checks pyx12 does not make.
    ("balance", "ours", "CLM02 999 while the lines add up to 195", rep("CLM*C01PT0001*195*", "CLM*C01PT0001*999*")),
    ("pointer-5", "ours", "SV107 pointer 5 with 2 diagnoses", rep("***1:2~", "***5:2~")),
    ("units-0", "ours", "SV104 0 units", rep("*150*UN*3", "*150*UN*0")),
    ("units-2.5", "ours", "SV104 2.5 units", rep("*150*UN*3", "*150*UN*2.5")),
    ("units-negative", "ours", "SV104 -3 units", rep("*150*UN*3", "*150*UN*-3")),
    ("five-modifiers", "ours", "five modifiers (the fifth in SV101-7)", rep("HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ*")),
    ("modifier-shape", "ours", "modifier G?", rep("HC:97530:GP*", "HC:97530:G?*")),
    ("frequency-9", "ours", "CLM05-3 frequency 9", rep("*11:B:1*", "*11:B:9*")),
    ("icd9", "ours", "ICD-9 diagnoses (BK, BF)", rep("HI*ABK:M6281*ABF:M5450", "HI*BK:7241*BF:7242")),
    ("minutes-note-bad", "ours", "a malformed minutes note", rep("DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*MIN=forty~\nLX")),
    ("payer-unmapped", "ours", "SBR09 CI (commercial) with no payer map entry", rep("*******MB~", "*******CI~")),
    # Input pyx12 cannot read.
    ("bom", "pyx12-cannot-read", "a UTF-8 byte-order mark before ISA", lambda t: "\ufeff" + t),
    ("isa-short", "pyx12-cannot-read", "ISA02 9 characters instead of 10", lambda t: t.replace("ISA*00*          *", "ISA*00*         *", 1)),
    ("version", "pyx12-cannot-read", "GS08 and ST03 005010X222A2", lambda t: t.replace("005010X222A1", "005010X222A2")),
    ("nine-components", "pyx12-cannot-read", "nine SV101 components", rep("HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ:XE:XP*")),
]

# pyx12's envelope messages, as our problem codes.
ENVELOPE = [
    (r"IEA id=.* does not match ISA", "IEA_CONTROL_NUMBER"),
    (r"IEA count for IEA02", "IEA_GROUP_COUNT"),
    (r"Interchange Control Trailer", "IEA_MISSING"),
    (r"Unterminated Loop GS", "GE_MISSING"),
    (r"ISA Interchange Control Number .* not unique", "ISA_CONTROL_NUMBER_DUPLICATE"),
    (r"GE id=.* does not match GS", "GE_CONTROL_NUMBER"),
    (r"GE count of", "GE_TRANSACTION_COUNT"),
    (r"Functional Group Trailer", "GE_MISSING"),
    (r"Unterminated segment", "SE_MISSING"),
    (r"GS Interchange Control Number .* not unique", "GS_CONTROL_NUMBER_DUPLICATE"),
    (r"SE id=.* does not match ST", "SE_CONTROL_NUMBER"),
    (r"SE count of", "SE_SEGMENT_COUNT"),
    (r"Transaction Set Trailer", "SE_MISSING"),
    (r"ST Interchange Control Number .* not unique", "ST_CONTROL_NUMBER_DUPLICATE"),
]
OUR_ENVELOPE = {code for _, code in ENVELOPE}
# Our syntax problems (segment and element level): what a 999 reports in IK3/IK4.
OUR_SYNTAX = {
    "SEGMENT_ID_INVALID", "SEGMENT_UNKNOWN", "SEGMENT_LEADING_SPACE", "SEGMENT_TOO_LONG", "SEGMENT_UNTERMINATED",
    "SEGMENT_UNEXPECTED", "SEGMENT_MISSING", "LOOP_MISSING", "SEGMENT_REPEATED", "LOOP_REPEATED", "TRAILING_SEPARATOR",
    "HL_NUMBER", "HL_PARENT", "LX_NUMBER", "ELEMENT_MISSING", "ELEMENT_TOO_MANY", "COMPONENT_TOO_MANY",
    "ELEMENT_NOT_USED", "ELEMENT_CODE", "ELEMENT_DATE", "ELEMENT_TIME", "ELEMENT_CHARACTER", "ELEMENT_TOO_SHORT",
    "ELEMENT_TOO_LONG", "ELEMENT_CONDITIONAL", "ELEMENT_EXCLUSION",
}


def generate(directory):
    os.makedirs(directory, exist_ok=True)
    base = open(os.path.join(EXAMPLES, BASE), encoding="ascii").read()
    for name in sorted(os.listdir(EXAMPLES)):
        if name.endswith(".x12"):
            with open(os.path.join(directory, "constructed-" + name), "w", encoding="utf-8", newline="") as f:
                f.write(open(os.path.join(EXAMPLES, name), encoding="ascii").read())
    for name, _, _, transform in MUTATIONS:
        with open(os.path.join(directory, "mutation-" + name + ".x12"), "w", encoding="utf-8", newline="") as f:
            f.write(transform(base))


def pyx12_result(path):
    """pyx12's verdict: {'read': bool, 'segments': set of ordinals, 'envelope': set of codes, 'ack': [A/R...],
    'messages': [...]}; read False when pyx12 cannot read the file."""
    import pyx12.params, pyx12.x12n_document
    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    fj, f999 = io.StringIO(), io.StringIO()
    try:
        pyx12.x12n_document.x12n_document(param=pyx12.params.params(None), src_file=path, fd_997=f999, fd_html=None,
                                          fd_xmldoc=None, fd_json=fj)
        doc = json.loads(fj.getvalue())
    except Exception as e:  # pyx12 stops on input it cannot map (it raises, or writes no result)
        return {"read": False, "why": type(e).__name__}
    out = {"read": True, "segments": set(), "envelope": set(), "ack": [], "messages": []}

    def seg_errors(seg):
        return list(seg.get("errors") or []) + [e for el in seg.get("elements") or [] for e in el.get("errors") or []]

    for isa in doc.get("interchanges", []):
        for e in isa.get("errors") or []:
            out["envelope"].update(code for pattern, code in ENVELOPE if re.search(pattern, e["err_str"]))
            out["messages"].append(e["err_str"])
        for gs in isa.get("groups") or []:
            for e in gs.get("errors") or []:
                out["envelope"].update(code for pattern, code in ENVELOPE if re.search(pattern, e["err_str"]))
                out["messages"].append(e["err_str"])
            for st in gs.get("transactions") or []:
                out["ack"].append(st.get("ack_code"))
                for e in st.get("errors") or []:
                    out["envelope"].update(code for pattern, code in ENVELOPE if re.search(pattern, e["err_str"]))
                    out["messages"].append(e["err_str"])
                for seg in st.get("segments") or []:
                    errors = seg_errors(seg)
                    # pyx12 reports a missing SE both as an envelope error and as a missing segment at the
                    # next segment: the envelope error covers it.
                    if errors and not (seg.get("seg_id") == "SE" and all("Transaction Set Trailer" in e["err_str"] for e in errors)):
                        out["segments"].add(seg["cur_line"])
                        out["messages"] += [e["err_str"] for e in errors]
    return out


def ours_result(path, binary):
    run = subprocess.run([binary, "check", path], capture_output=True, timeout=60)
    if run.returncode == 2:
        return {"exit": 2, "problems": [], "codes": set(), "segments": set(), "envelope": set(), "findings": set()}
    doc = json.loads(run.stdout)
    problems = list(doc["problems"])
    findings = set()
    for claim in doc["claims"]:
        problems += claim.get("problems", [])
        for key in ("errors", "warnings", "conflicts"):
            findings.update(f["id"] for f in claim.get(key, []))
    codes = {p["code"] for p in problems}
    return {
        "exit": run.returncode,
        "problems": problems,
        "codes": codes,
        "segments": {p["segment"] for p in problems if p["code"] in OUR_SYNTAX},
        "envelope": codes & OUR_ENVELOPE,
        "findings": findings,
    }


def our_acknowledgment(path, port):
    body = open(path, "rb").read()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/x12/837p", data=body, method="POST",
                                     headers={"Content-Type": "application/edi-x12", "Accept": "application/edi-x12"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode("ascii")


def ik5_statuses(ack):
    return re.findall(r"IK5\*([AERMWX])", ack)


def compare(directory, binary, port):
    """Rows for the table and the list of disagreements."""
    files = sorted(f for f in os.listdir(directory) if f.endswith(".x12"))
    base_ours = ours_result(os.path.join(directory, "mutation-ok.x12"), binary)
    base_keys = base_ours["codes"] | base_ours["findings"]
    info = {name: (category, description) for name, category, description, _ in MUTATIONS}
    rows, failures = [], []
    for f in files:
        path = os.path.join(directory, f)
        name = f[len("mutation-"):-4] if f.startswith("mutation-") else f[:-4]
        if f.startswith("constructed-"):
            name = f[len("constructed-"):-4]
            category, description = "both-read", "a constructed example of Config/examples/x12"
        elif f.startswith("generated-"):
            category, description = "both-read", "a generated file of many claims in several transaction sets"
        else:
            category, description = info[name]
        theirs = pyx12_result(path)
        ours = ours_result(path, binary)
        new_keys = (ours["codes"] | ours["findings"]) - base_keys
        ack = our_acknowledgment(path, port) if ours["exit"] != 2 else ""
        problems = []
        if ack:
            ack_path = path + ".999"
            with open(ack_path, "w", encoding="ascii") as out:
                out.write(ack)
            ack_check = pyx12_result(ack_path)
            if not ack_check["read"] or ack_check["segments"] or ack_check["envelope"] or any(a != "A" for a in ack_check["ack"]):
                problems.append("pyx12 rejects our 999: " + "; ".join(ack_check.get("messages", [])[:3] or [ack_check.get("why", "")]))
            os.remove(ack_path)
        if category in ("pyx12", "both-read") and theirs["read"]:
            if theirs["segments"] != ours["segments"]:
                problems.append(f"segments with errors: pyx12 {sorted(theirs['segments'])}, ours {sorted(ours['segments'])}")
            if theirs["envelope"] != ours["envelope"]:
                problems.append(f"envelope errors: pyx12 {sorted(theirs['envelope'])}, ours {sorted(ours['envelope'])}")
            theirs_rejected = ["R" if a != "A" else "A" for a in theirs["ack"]]
            ours_rejected = ["R" if a == "R" else "A" for a in ik5_statuses(ack)]
            if ack and theirs_rejected != ours_rejected:
                problems.append(f"transaction set verdicts: pyx12 {theirs_rejected}, ours {ours_rejected}")
        if category == "pyx12" and theirs["read"] and not theirs["segments"] and not theirs["envelope"]:
            problems.append("pyx12 accepts this mutation: move it to 'ours' or drop it")
        if category == "both-read" and (ours["codes"] - {"PAYER_NOT_MAPPED"}) & (OUR_SYNTAX | OUR_ENVELOPE):
            problems.append("syntax problems on a file that must read cleanly: " + ", ".join(sorted(ours["codes"])))
        if category == "ours":
            if theirs["read"] and (theirs["segments"] or theirs["envelope"]):
                problems.append("pyx12 catches this mutation: it belongs to 'pyx12'")
            if not new_keys:
                problems.append("claim-scrubber does not catch it (no problem or finding beyond the unmutated file's)")
        if problems:
            failures.append((f, problems))
        if not theirs["read"]:
            pyx12_text = f"cannot read the file ({theirs['why']})"
        elif theirs["segments"] or theirs["envelope"]:
            parts = [f"segment {s}" for s in sorted(theirs["segments"])] + sorted(theirs["envelope"])
            pyx12_text = "rejects: " + ", ".join(parts)
        else:
            pyx12_text = "accepts"
        if ours["exit"] == 2:
            ours_text = "not an X12 interchange (422)"
        else:
            mine = sorted(k for k in new_keys)
            ours_text = ", ".join(f"`{k}`" for k in mine) if mine else "nothing new"
            seg = sorted(ours["segments"])
            if seg:
                ours_text += " (segment " + ", ".join(str(s) for s in seg) + ")"
        rows.append((name, category, description, pyx12_text, ours_text))
    return rows, failures


def table(rows):
    order = {"both-read": 0, "pyx12": 1, "ours": 2, "pyx12-cannot-read": 3}
    label = {"both-read": "both read", "pyx12": "pyx12 checks", "ours": "ours only", "pyx12-cannot-read": "pyx12 cannot read"}
    lines = ["| mutation | kind | pyx12 4.0.0 | claim-scrubber (new problem codes and finding ids) |", "|---|---|---|---|"]
    for name, category, description, theirs, ours in sorted(rows, key=lambda r: (order[r[1]], r[0])):
        lines.append(f"| `{name}`: {description} | {label[category]} | {theirs} | {ours} |")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) >= 2 and argv[0] == "generate":
        generate(argv[1])
        return 0
    if len(argv) >= 4 and argv[0] in ("compare", "table"):
        rows, failures = compare(argv[1], argv[2], argv[3])
        text = table(rows)
        print(text)
        for f, problems in failures:
            for p in problems:
                print(f"DISAGREE {f}: {p}")
        if argv[0] == "table" and len(argv) >= 5:
            check = argv[4] == "--check"
            page = argv[5] if check else argv[4]
            if check and failures:
                print("(the table is not compared while the tools disagree)")
            content = open(page, encoding="utf-8").read()
            start, end = content.index(MARK_BEGIN) + len(MARK_BEGIN), content.index(MARK_END)
            current = content[start:end].strip("\n") + "\n"
            if check and current != text:
                print(f"{page}: the mutation table is out of date; run: python3 .ci/steps/x12_pyx12.py table DIR BIN PORT {page}")
                return 1
            if not check:
                with open(page, "w", encoding="utf-8") as out:
                    out.write(content[:start] + "\n" + text + content[end:])
        print(f"{len(rows)} files, {len(failures)} with disagreements")
        return 1 if failures else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
