#!/usr/bin/env python3
"""Writes an NDJSON batch of 4-line outpatient therapy claims for the batch benchmarks.

  generate.py CLAIMS [--patients N] [--bytes B] > batch.ndjson

Deterministic (the same arguments give the same bytes). Each claim is a typical 4-line Medicare PT
visit (the engine benchmark's claim, one line per JSON text) of a patient with ten visits on
consecutive treatment days: the first states its visit number and days since the progress report,
the others are counted from the batch (PROGRESS_REPORT_DUE at the tenth). One claim in 200 repeats
the one before it (DUPLICATE_SERVICE). With --bytes, claims are written until the output reaches B
bytes instead (CLAIMS is then ignored): the 1 GB batch of the memory check.

Order: by default patients come in groups of 1,000 (a practice's patients), each group's visits in
date order, as a clearinghouse batch sorted by practice and date would. --interleave spreads every
patient's visits across the whole batch instead (a batch sorted by date only): then the checks
across claims outgrow their memory bound and forget patients (BATCH_HISTORY_INCOMPLETE), which is
what the memory check of that order is for.
"""
import argparse
import sys


LINES = (
    '{{"code":"97530","minutes":{m1},"units":2,"modifiers":["GP"],"setting":"individual","clinicianId":"pt-{c}"}},'
    '{{"code":"97110","minutes":24,"units":2,"modifiers":["GP","CQ"],"assistantMinutes":10,"clinicianId":"pta-{c}"}},'
    '{{"code":"97140","minutes":12,"units":1,"modifiers":["GP"],"clinicianId":"pt-{c}"}},'
    '{{"code":"97112","minutes":9,"units":1,"modifiers":["GP"],"setting":"individual","clinicianId":"pt-{c}"}}'
)
CLAIM = (
    '{{"claimId":"BENCH-{n:07d}","patientRef":"P{p:07d}","payer":"medicare","dateOfService":"{dos}",'
    '"provider":{{"npi":"1234567893","role":"PT"}},"supervisor":{{"npi":"1234567893","role":"PT","onSite":true}},'
    '"lines":[' + LINES + '],'
    '"context":{{{counts}"progressReportToday":false,'
    '"planOfCare":{{"certifiedFrom":"2026-02-01","certifiedThrough":"2026-04-30","goalIds":["G1","G2"]}},'
    '"yearToDateAllowed":{{"ptSlp":1480.5,"ot":0}},'
    '"documentation":{{"activityDescription":true,"assistanceType":true,"assistanceLevel":true,"goalIds":["G1"],'
    '"functionalDeficits":true,"continuedSkilledNeed":true,"supervisionDocumented":true,"activityChangedByAssistant":false}}}}}}\n'
)


def dates():
    # Weekdays of March and April 2026 (the plan of care's window).
    out = []
    for month, days in ((3, 31), (4, 30)):
        for day in range(1, days + 1):
            # 2026-03-01 is a Sunday (weekday 6, Monday being 0).
            weekday = (day - 1 + (0 if month == 3 else 31) + 6) % 7
            if weekday < 5:
                out.append(f"2026-{month:02d}-{day:02d}")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("claims", type=int)
    parser.add_argument("--patients", type=int)
    parser.add_argument("--bytes", type=int)
    parser.add_argument("--interleave", action="store_true")
    args = parser.parse_args()
    visit_dates = dates()
    group = 1000
    patients = max(1, (args.bytes // 1000 if args.bytes else args.claims) // 10)
    out = sys.stdout
    written = 0
    previous = None
    n = 0
    while (args.bytes is None and n < args.claims) or (args.bytes is not None and written < args.bytes):
        if n % 200 == 199 and previous is not None:
            line = previous
        else:
            if args.interleave:
                patient, visit = n % patients, n // patients
            else:
                block, k = divmod(n, group * 10)
                patient, visit = block * group + k % group, k // group
            dos = visit_dates[visit % len(visit_dates)]
            # The first visit in the batch states its counts; later ones are counted from the batch.
            counts = '"treatmentDaysSinceProgressReport":1,"visitNumber":1,' if visit == 0 else ""
            line = CLAIM.format(n=n, p=patient, dos=dos, m1=30 + n % 7, c=patient % 50, counts=counts)
        out.write(line)
        written += len(line)
        previous = line
        n += 1


if __name__ == "__main__":
    main()
