#!/usr/bin/env python3
"""Writes a synthetic 837P (005010X222A1) file of therapy claims for the X12 benchmark (fictitious people,
Luhn-valid fictitious NPIs). Deterministic: the same arguments give the same bytes.

  generate.py OUT [--claims N] [--lines L] [--per-transaction T] [--dates D]

Each claim has its own subscriber loop (HL 22, SBR MB, NM1*IL, N3, N4, DMG, NM1*PR), a CLM with HI, a 2310B
rendering provider with PRV*PE, and L service lines (LX, SV1, DTP*472) spread over D dates of service; at most T
claims per transaction set (the implementation guide recommends 5000), every transaction set in one group.
"""
import argparse

CODES = [("97110", "GP", 2, 80), ("97530", "GP", 2, 100), ("97140", "GP:59", 1, 45), ("97112", "GP", 1, 45)]


def generate(out, claims, lines, per_transaction, dates):
    w = out.write
    w("ISA*00*          *00*          *ZZ*BENCHSUBMIT    *ZZ*BENCHPAYER     *250310*0930*^*00501*000000777*0*T*:~\n")
    w("GS*HC*BENCHSUBMIT*BENCHPAYER*20250310*0930*777*X*005010X222A1~\n")
    transactions = 0
    claim = 0
    while claim < claims:
        transactions += 1
        control = f"{transactions:04d}"
        seg = []
        seg.append(f"ST*837*{control}*005010X222A1")
        seg.append(f"BHT*0019*00*B{control}*20250310*0930*CH")
        seg.append("NM1*41*2*BENCH THERAPY BILLING*****46*BENCHSUBMIT")
        seg.append("PER*IC*BILLING DESK*TE*5555550100")
        seg.append("NM1*40*2*MEDICARE PART B MAC*****46*BENCHPAYER")
        seg.append("HL*1**20*1")
        seg.append("PRV*BI*PXC*225100000X")
        seg.append("NM1*85*2*BENCH PHYSICAL THERAPY*****XX*1948573625")
        seg.append("N3*100 MAIN ST")
        seg.append("N4*SPRINGFIELD*IL*627010001")
        seg.append("REF*EI*371234567")
        hl = 1
        for _ in range(min(per_transaction, claims - claim)):
            claim += 1
            hl += 1
            seg.append(f"HL*{hl}*1*22*0")
            seg.append("SBR*P*18*******MB")
            seg.append(f"NM1*IL*1*PATIENT*PAT{claim % 1000:03d}****MI*{claim:011d}")
            seg.append("N3*200 ELM ST")
            seg.append("N4*SPRINGFIELD*IL*627020002")
            seg.append("DMG*D8*19480512*F")
            seg.append("NM1*PR*2*MEDICARE PART B*****PI*00000")
            total = sum(CODES[i % len(CODES)][3] for i in range(lines))
            seg.append(f"CLM*B{claim:09d}*{total}***11:B:1*Y*A*Y*Y")
            seg.append("HI*ABK:M6281*ABF:M5450")
            seg.append("NM1*82*1*THERAPIST*TERRY****XX*1765432103")
            seg.append("PRV*PE*PXC*225100000X")
            for i in range(lines):
                code, mods, units, charge = CODES[i % len(CODES)]
                day = 3 + (i * dates // lines) * 2
                seg.append(f"LX*{i + 1}")
                seg.append(f"SV1*HC:{code}:{mods}*{charge}*UN*{units}***1:2")
                seg.append(f"DTP*472*D8*202503{day:02d}")
        seg.append(f"SE*{len(seg) + 1}*{control}")
        w("".join(s + "~\n" for s in seg))
    w(f"GE*{transactions}*777~\n")
    w("IEA*1*000000777~\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--claims", type=int, default=10_000)
    p.add_argument("--lines", type=int, default=4)
    p.add_argument("--per-transaction", type=int, default=5000)
    p.add_argument("--dates", type=int, default=1)
    a = p.parse_args()
    with open(a.out, "w", encoding="ascii", newline="") as out:
        generate(out, a.claims, a.lines, a.per_transaction, a.dates)


if __name__ == "__main__":
    main()
