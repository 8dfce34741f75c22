"""Deterministic synthetic programmes at ministry scale, for benchmarks, load tests and demos.

``tracker seed --synthetic large`` writes, through the one write path (``store.apply``, validated,
one transaction), a portfolio with realistic shapes: plans split by year and funding source,
monthly payments that follow the plan at an initiative's own pace, milestones that slip or are
missed, MOUs of which only some lead to a centre, a committee that meets every few months.

Synthetic data never mixes with the sourced bundle: every key starts with ``syn-``, the change set
has kind ``synthetic``, a database that holds sourced facts refuses it (and ``tracker seed`` refuses
a synthetic database), and every page and export shows a "synthetic data" badge
(:func:`tracker.db.queries.is_synthetic`). The same size and seed always give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace

from sqlalchemy import Engine, exists, select

from .. import i18n
from ..access.roles import Identity
from . import backend, schema, store

KEY_PREFIX = "syn-"
SOURCE_KEY = "syn-source"
TODAY = dt.date(
    2026, 12, 1
)  # the generated programmes are dated around this day, whatever today is


class SyntheticDataError(i18n.LocalisedError, ValueError):
    """The size is not understood, or the database already holds sourced data."""

    PREFIX = "cli.synthetic."


@dataclass(frozen=True)
class Size:
    regions: int
    initiatives: int
    projects: int
    expenditures: int
    milestones: int
    partners: int
    agreements: int
    meetings: int


SIZES: dict[str, Size] = {
    "small": Size(3, 6, 60, 5_000, 300, 150, 150, 12),
    "large": Size(17, 80, 2_000, 200_000, 10_000, 5_000, 5_000, 300),
    "huge": Size(17, 80, 2_000, 1_000_000, 10_000, 5_000, 5_000, 300),
}

# The 17 provinces of the bundled KOSTAT 2013 boundaries (code, Korean, English), so that the
# national map can colour synthetic regions too.
PROVINCES = (
    ("11", "서울특별시", "Seoul"),
    ("21", "부산광역시", "Busan"),
    ("22", "대구광역시", "Daegu"),
    ("23", "인천광역시", "Incheon"),
    ("24", "광주광역시", "Gwangju"),
    ("25", "대전광역시", "Daejeon"),
    ("26", "울산광역시", "Ulsan"),
    ("29", "세종특별자치시", "Sejong"),
    ("31", "경기도", "Gyeonggi-do"),
    ("32", "강원도", "Gangwon-do"),
    ("33", "충청북도", "Chungcheongbuk-do"),
    ("34", "충청남도", "Chungcheongnam-do"),
    ("35", "전라북도", "Jeollabuk-do"),
    ("36", "전라남도", "Jeollanam-do"),
    ("37", "경상북도", "Gyeongsangbuk-do"),
    ("38", "경상남도", "Gyeongsangnam-do"),
    ("39", "제주특별자치도", "Jeju-do"),
)
CATEGORIES = ("infrastructure", "data_centre", "building", "rnd", "talent", "company_support")
FUNDING_SHARES = (("national", 0.6), ("city", 0.3), ("private", 0.1))


def parse_size(text: str) -> Size:
    """``small``, ``large``, ``huge``, or explicit counts over ``small``: ``expenditures=50000,initiatives=10``."""
    text = text.strip()
    if text in SIZES:
        return SIZES[text]
    names = {f.name for f in fields(Size)}
    counts: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, number = part.partition("=")
        name = name.strip()
        if name not in names or not number.strip().isdigit():
            raise SyntheticDataError(
                "bad_count", part=part, sizes=", ".join(SIZES), names=", ".join(sorted(names))
            )
        counts[name] = int(number)
    if not counts:
        raise SyntheticDataError("bad_size", text=text, sizes=", ".join(SIZES))
    size = replace(SIZES["small"], **counts)
    if min(size.regions, size.initiatives, size.projects) < 1:
        raise SyntheticDataError("too_small")
    return size


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def generate(size: Size, *, seed: int = 20261201) -> Iterator[store.Write]:
    """Every write of a synthetic portfolio, referenced kinds first; same size and seed, same rows."""
    rng = random.Random(seed)
    W = store.Write
    compiled = dt.date(2026, 1, 1)

    def fact(table: str, key: str, valid_from: dt.date, **values) -> store.Write:
        return W(table, key, {"source_key": SOURCE_KEY, **values}, valid_from)

    yield W(
        "sources",
        SOURCE_KEY,
        {
            "outlet": "합성 데이터 (tracker seed --synthetic)",
            "published_on": compiled,
            "title": "Synthetic data / 합성 데이터",
            "language": "en",
            "note": "생성된 가상 자료: 실제 사업이 아님 / generated data, not a real programme",
        },
        compiled,
    )
    region_keys = []
    for i in range(size.regions):
        code, name_ko, name_en = PROVINCES[i % len(PROVINCES)]
        suffix = "" if i < len(PROVINCES) else f" {i // len(PROVINCES) + 1}"
        key = f"syn-r{i:03d}"
        region_keys.append(key)
        yield fact(
            "regions",
            key,
            compiled,
            kostat_code=code,
            name_ko=f"{name_ko}{suffix}",
            name_en=f"{name_en}{suffix}",
            level="province",
        )
    # Initiatives: start 2019-2025, run 3-6 years, each with its own spending pace and slip habit.
    initiatives = []
    for i in range(size.initiatives):
        start = rng.randint(2019, 2025)
        end = start + rng.randint(2, 5)
        pace = rng.choice((0.45, 0.7, 0.85, 0.95, 1.0))
        key = f"syn-i{i:03d}"
        initiatives.append((key, start, end, pace))
        yield fact(
            "initiatives",
            key,
            dt.date(start - 1, 11, 1),
            region_key=region_keys[i % size.regions],
            name_ko=f"합성 AI 사업 {i + 1}",
            name_en=f"Synthetic AI programme {i + 1}",
            phase=1,
            start_year=start,
            end_year=end,
            status="running" if end >= TODAY.year else "completed",
        )
    # Projects spread round-robin over initiatives; each gets a yearly budget split by source.
    projects = []  # (key, initiative, yearly amount)
    for p in range(size.projects):
        ini = initiatives[p % size.initiatives]
        yearly = rng.randint(20, 400) * 100_000_000  # 20억 to 400억 a year
        projects.append((f"syn-p{p:05d}", ini, yearly))
    for key, start, end, _pace in initiatives:
        own = [pr for pr in projects if pr[1][0] == key]
        total = sum(y for *_, y in own) * (end - start + 1)
        yield fact(
            "plan_versions",
            f"{key}-plan",
            dt.date(start - 1, 12, 1),
            initiative_key=key,
            label_ko="기본계획",
            label_en="Master plan",
            announced_on=dt.date(start - 1, 12, 1),
            kind="plan",
            total_won=total,
        )
    for pkey, (ikey, start, _end, _pace), _yearly in projects:
        yield fact(
            "projects",
            pkey,
            dt.date(start - 1, 12, 1),
            initiative_key=ikey,
            name_ko=f"세부사업 {pkey[5:]}",
            name_en=f"Project {pkey[5:]}",
            category=rng.choice(CATEGORIES),
        )
    for pkey, (ikey, start, end, _pace), yearly in projects:
        for year in range(start, end + 1):
            for source, share in FUNDING_SHARES:
                yield fact(
                    "budget_lines",
                    f"{pkey}-{year}-{source}",
                    dt.date(start - 1, 12, 1),
                    plan_version_key=f"{ikey}-plan",
                    project_key=pkey,
                    year=year,
                    funding_source=source,
                    amount_won=int(yearly * share),
                )
    # Expenditures: monthly payments up to today, following the plan at the initiative's pace.
    payable = []
    for pkey, (_ikey, start, end, pace), yearly in projects:
        months = _months(dt.date(start, 1, 1), min(dt.date(end, 12, 31), TODAY))
        payable.extend((pkey, month, yearly * pace / 12) for month in months)
    if payable and size.expenditures:
        for n in range(size.expenditures):
            pkey, month, mean = payable[n % len(payable)]
            repeat = n // len(payable)  # more payments than months: split a month's payment
            slot = n % len(payable)
            split = size.expenditures // len(payable) + (slot < size.expenditures % len(payable))
            day = min(_add_days(month, 9 + 3 * (repeat % 6) + rng.randint(0, 5)), TODAY)
            yield fact(
                "expenditures",
                f"syn-e{n:07d}",
                day,
                project_key=pkey,
                spent_on=day,
                funding_source=rng.choices(("national", "city", "private"), (6, 3, 1))[0],
                amount_won=max(1_000_000, int(mean * rng.uniform(0.6, 1.4)) // split),
                reference=f"지출-{n:07d}",
            )
    # Milestones: baselines across each initiative's period; past ones done (often late) or missed.
    for m in range(size.milestones):
        ikey, start, end, _pace = initiatives[m % size.initiatives]
        span = (dt.date(end, 12, 31) - dt.date(start, 1, 1)).days
        baseline = _add_days(dt.date(start, 1, 1), rng.randint(0, span))
        values = {"baseline_date": baseline, "status": "planned"}
        if baseline <= TODAY:
            roll = rng.random()
            slip = rng.choice((0, 0, 14, 45, 120, 300))
            actual = _add_days(baseline, slip)
            if roll < 0.7 and actual <= TODAY:
                values.update(status="done", actual_date=actual)
            elif roll < 0.85:
                values.update(status="in_progress", forecast_date=_add_days(TODAY, slip + 30))
        yield fact(
            "milestones",
            f"syn-m{m:05d}",
            dt.date(start - 1, 12, 1),
            initiative_key=ikey,
            name_ko=f"이정표 {m + 1}",
            name_en=f"Milestone {m + 1}",
            **values,
        )
    for n in range(size.partners):
        yield fact(
            "partners",
            f"syn-c{n:05d}",
            dt.date(2019, 1, 1),
            name_ko=f"합성 기업 {n + 1}",
            name_en=f"Synthetic company {n + 1}",
            kind=rng.choices(("company", "research_institute", "university"), (8, 1, 1))[0],
        )
    centres = []
    for n in range(size.agreements):
        ikey, start, end, _pace = initiatives[n % size.initiatives]
        signed = min(_add_days(dt.date(start, 1, 1), rng.randint(0, 1500)), TODAY)
        partner = f"syn-c{n % max(size.partners, 1):05d}" if size.partners else None
        yield fact(
            "agreements",
            f"syn-a{n:05d}",
            signed,
            initiative_key=ikey,
            partner_key=partner,
            kind="mou",
            signed_on=signed,
        )
        opened = _add_days(signed, rng.randint(30, 900))
        if partner and rng.random() < 0.4 and opened <= TODAY:  # the rest stall
            centres.append((f"syn-o{n:05d}", ikey, partner, opened))
    for key, ikey, partner, opened in centres:
        yield fact(
            "centres",
            key,
            opened,
            initiative_key=ikey,
            partner_key=partner,
            name_ko=f"{partner[4:]} AI 센터",
            opened_on=opened,
        )
    for ikey, start, _end, _pace in initiatives:
        yield fact(
            "committee_bodies",
            f"{ikey}-committee",
            dt.date(start - 1, 12, 1),
            initiative_key=ikey,
            name_ko="추진위원회",
            name_en="Promotion committee",
            kind="committee",
        )
    for n in range(size.meetings):
        ikey, start, _end, _pace = initiatives[n % size.initiatives]
        number = n // size.initiatives + 1
        held = min(_add_days(dt.date(start, 3, 1), 120 * (number - 1)), TODAY)
        mkey = f"syn-g{n:05d}"
        yield fact(
            "meetings",
            mkey,
            held,
            body_key=f"{ikey}-committee",
            held_on=held,
            number=number,
            title_ko=f"제{number}차 추진위원회",
            title_en=f"Committee meeting {number}",
        )
        yield fact(
            "action_items",
            f"{mkey}-a1",
            held,
            meeting_key=mkey,
            text_ko="후속 조치 보고",
            text_en="Report on follow-up",
            due_on=_add_days(held, 60),
            status="done" if _add_days(held, 60) < TODAY and rng.random() < 0.7 else "open",
        )


def holds_sourced_data(engine: Engine) -> bool:
    """Whether any change set other than a synthetic one has written facts."""
    with engine.connect() as conn:
        return bool(
            conn.execute(select(exists().where(schema.changes.c.kind != "synthetic"))).scalar()
        )


def seed_synthetic(
    engine: Engine,
    size: Size,
    *,
    seed: int = 20261201,
    actor: Identity | None = None,
    by: str = "tracker seed --synthetic",
    progress: Callable[[int], None] | None = None,
) -> store.ChangeResult:
    """Generate and write a synthetic portfolio into a database that holds no sourced data."""
    if holds_sourced_data(engine):
        raise SyntheticDataError("sourced")
    writes = list(generate(size, seed=seed))
    if progress:
        progress(len(writes))
    result = store.apply(
        engine,
        writes,
        by=by,
        reason=f"합성 데이터 / synthetic data ({size})",
        kind="synthetic",
        today=TODAY,
        actor=actor,
    )
    backend.refresh_statistics(engine)
    return result
