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
