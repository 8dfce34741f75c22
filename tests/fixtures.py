"""A synthetic programme built in code with a seeded RNG, for tests and benchmarks.

It is not the bundled (sourced) dataset: it exists so that metrics, charts and pages can be
exercised on expenditures, many partners and many milestones, which the sources do not give.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import Engine

from tracker.access import roles
from tracker.db import store
from tracker.db.store import Write

START = dt.date(2020, 1, 1)
EOK = 100_000_000
CATEGORIES = ("infrastructure", "data_centre", "rnd", "talent", "company_support")
SOURCES = ("national", "city", "private")


def build_demo(
    engine: Engine,
    *,
    seed: int = 7,
    years: int = 5,
    partners: int = 40,
    expenditures_per_project_year: int = 4,
    initiative_key: str = "demo",
) -> dict:
    """Write a demo region, initiative, plan, projects, spending, milestones and partners."""
    rng = random.Random(seed)
    known = START
    w: list[Write] = [
        Write(
            "sources",
            "src-demo",
            {"outlet": "Demo", "title": "Synthetic data", "confidence": "L"},
            known,
        ),
        Write(
            "regions",
            "demo-region",
            {"kostat_code": "99", "name_ko": "시험시", "name_en": "Testville", "level": "province"},
            known,
        ),
        Write(
            "initiatives",
            initiative_key,
            {
                "region_key": "demo-region",
                "name_ko": "시험 AI 사업",
                "name_en": "Demo AI programme",
                "phase": 1,
                "start_year": START.year,
                "end_year": START.year + years - 1,
                "envelope_won": 100_000_000_000,
                "status": "running",
                "source_key": "src-demo",
            },
            known,
        ),
        Write(
            "plan_versions",
            f"{initiative_key}-plan",
            {
                "initiative_key": initiative_key,
                "label_ko": "기본계획",
                "label_en": "Base plan",
                "announced_on": known,
                "kind": "plan",
                "total_won": 100_000_000_000,
                "source_key": "src-demo",
            },
            known,
        ),
    ]
    expected_plan = 0
    expected_spent = 0
    for index, category in enumerate(CATEGORIES):
        project = f"{initiative_key}-p{index}"
        w.append(
            Write(
                "projects",
                project,
                {
                    "initiative_key": initiative_key,
                    "name_ko": f"세부사업 {index}",
                    "name_en": f"Project {index}",
                    "category": category,
                    "source_key": "src-demo",
                },
                known,
            )
        )
        for year_offset in range(years):
            year = START.year + year_offset
            for source in SOURCES:
                amount = 4_000_000_000 // len(SOURCES) // 1
                w.append(
                    Write(
                        "budget_lines",
                        f"{project}-{year}-{source}",
                        {
                            "plan_version_key": f"{initiative_key}-plan",
                            "project_key": project,
                            "year": year,
                            "funding_source": source,
                            "amount_won": amount,
                            "source_key": "src-demo",
                        },
                        known,
                    )
                )
                expected_plan += amount
            for n in range(expenditures_per_project_year):
                day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                amount = rng.randint(1, 9) * 100_000_000
                w.append(
                    Write(
                        "expenditures",
                        f"{project}-{year}-x{n}",
                        {
                            "project_key": project,
                            "spent_on": day,
                            "funding_source": rng.choice(SOURCES),
                            "amount_won": amount,
                            "reference": f"D-{year}-{n}",
                            "source_key": "src-demo",
                        },
                        day,
                    )
                )
                expected_spent += amount
        w.append(
            Write(
                "milestones",
                f"{project}-m",
                {
                    "initiative_key": initiative_key,
                    "project_key": project,
                    "name_ko": f"완공 {index}",
                    "name_en": f"Completion {index}",
                    "baseline_date": dt.date(START.year + 2, 6, 30),
                    "status": "planned",
                    "source_key": "src-demo",
                },
                known,
            )
        )
    for n in range(partners):
        signed = START + dt.timedelta(days=rng.randint(0, 365 * years))
        w.append(
            Write(
                "partners",
                f"{initiative_key}-co{n}",
                {"name_ko": f"기업{n}", "kind": "company"},
                signed,
            )
        )
        w.append(
            Write(
                "agreements",
                f"{initiative_key}-mou{n}",
                {
                    "initiative_key": initiative_key,
                    "partner_key": f"{initiative_key}-co{n}",
                    "kind": "mou",
                    "signed_on": signed,
                    "seq_no": n + 1,
                    "source_key": "src-demo",
                },
                signed,
            )
        )
    store.apply(
        engine, w, by="tests", actor=roles.operator("tests"), reason="synthetic demo", kind="import"
    )
    return {
        "plan_won": expected_plan,
        "spent_won": expected_spent,
        "initiative_key": initiative_key,
    }


def build_hand(engine: Engine) -> None:
    """A two-year programme small enough to work out every figure by hand.

    Envelope 120억 (first plan), revised to 126억 on 1 June 2021, yearly lines 2021: national 30억 + city 10억, 2022: national 45억 +
    city 15억 (sum 100억, so the plan rate and the envelope rate differ; both years hold both
    sources, so they are like figures and add up). Spending 2021: 10억 on 15 Jan,
    6억 on 10 Apr (national), 2억 on 20 Jun (city): 18억.
    """
    known = dt.date(2021, 1, 1)
    src = {"source_key": "src-hand"}
    writes = [
        Write("sources", "src-hand", {"outlet": "Hand", "title": "Hand", "confidence": "L"}, known),
        Write(
            "regions",
            "hand-region",
            {"kostat_code": "98", "name_ko": "손시", "name_en": "Handville", "level": "province"},
            known,
        ),
        Write(
            "initiatives",
            "hand",
            {
                "region_key": "hand-region",
                "name_ko": "손 계산 사업",
                "name_en": "Hand programme",
                "phase": 1,
                "start_year": 2021,
                "end_year": 2022,
                "envelope_won": 120 * EOK,
                "status": "running",
            }
            | src,
            known,
        ),
        Write(
            "plan_versions",
            "hand-plan",
            {
                "initiative_key": "hand",
                "label_ko": "기본계획",
                "label_en": "Base plan",
                "announced_on": known,
                "kind": "plan",
                "total_won": 120 * EOK,
            }
            | src,
            known,
        ),
        Write(
            "projects",
            "hand-p1",
            {"initiative_key": "hand", "name_ko": "연구", "name_en": "R&D", "category": "rnd"}
            | src,
            known,
        ),
    ]
    lines = ((2021, "national", 30), (2021, "city", 10), (2022, "national", 45), (2022, "city", 15))
    for year, fund, eok in lines:
        values = {
            "plan_version_key": "hand-plan",
            "project_key": "hand-p1",
            "year": year,
            "funding_source": fund,
            "amount_won": eok * EOK,
        }
        writes.append(Write("budget_lines", f"hand-{year}-{fund}", values | src, known))
    spending = (
        (dt.date(2021, 1, 15), "national", 10),
        (dt.date(2021, 4, 10), "national", 6),
        (dt.date(2021, 6, 20), "city", 2),
    )
    for n, (day, fund, eok) in enumerate(spending):
        values = {
            "project_key": "hand-p1",
            "spent_on": day,
            "funding_source": fund,
            "amount_won": eok * EOK,
            "reference": f"H-{n}",
        }
        writes.append(Write("expenditures", f"hand-x{n}", values | src, day))
    writes.append(
        Write(
            "plan_versions",
            "hand-rev",
            {
                "initiative_key": "hand",
                "label_ko": "수정계획",
                "label_en": "Revised plan",
                "announced_on": dt.date(2021, 6, 1),
                "kind": "plan",
                "total_won": 126 * EOK,
            }
            | src,
            dt.date(2021, 6, 1),
        )
    )
    # Milestones around the as-of day 15 July 2021 (the 90-day horizon ends on 13 October).
    milestones = (
        ("m1", dt.date(2021, 3, 31), "done", dt.date(2021, 3, 20)),  # done
        ("m2", dt.date(2021, 7, 15), "planned", None),  # due on the as-of day: on track, upcoming
        ("m3", dt.date(2021, 7, 14), "in_progress", None),  # due the day before, under way: late
        ("m4", dt.date(2021, 10, 13), "planned", None),  # the horizon's last day: upcoming
        ("m5", dt.date(2021, 10, 14), "planned", None),  # one day beyond: not upcoming
        ("m6", dt.date(2021, 6, 30), "planned", None),  # past due, no record: not recorded
    )
    for key, baseline, status, actual in milestones:
        values = {
            "initiative_key": "hand",
            "project_key": "hand-p1",
            "name_ko": f"이정표 {key}",
            "name_en": f"Milestone {key}",
            "baseline_date": baseline,
            "actual_date": actual,
            "status": status,
        }
        writes.append(Write("milestones", f"hand-{key}", values | src, actual or known))
    # MOUs signed on 1 Feb, on the as-of day and the day after it
    for n, signed in enumerate((dt.date(2021, 2, 1), dt.date(2021, 7, 15), dt.date(2021, 7, 16))):
        writes.append(
            Write("partners", f"hand-co{n}", {"name_ko": f"기업{n}", "kind": "company"}, signed)
        )
        values = {
            "initiative_key": "hand",
            "partner_key": f"hand-co{n}",
            "kind": "mou",
            "signed_on": signed,
            "seq_no": n + 1,
        }
        writes.append(Write("agreements", f"hand-mou{n}", values | src, signed))
    store.apply(
        engine, writes, by="tests", actor=roles.operator("tests"), reason="hand", kind="import"
    )
