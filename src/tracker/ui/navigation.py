"""The list of pages, in one place: ``dashboard.py`` routes through it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from .. import config, i18n
from ..access.roles import Role


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    url_path: str
    section: str  # i18n key of the navigation section
    default: bool = False
    # The least role that sees the page in the navigation (and that its ``access.require`` asks):
    # viewer, editor (data entry, import) or admin (users and audit).
    role: str = "viewer"


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "overview.title",
        ":material/dashboard:",
        "overview",
        "app.section.overview",
        default=True,
    ),
    PageSpec(
        "pages/portfolio.py",
        "portfolio.title",
        ":material/public:",
        "portfolio",
        "app.section.overview",
    ),
    PageSpec(
        "pages/budget.py", "budget.title", ":material/payments:", "budget", "app.section.analysis"
    ),
    PageSpec(
        "pages/schedule.py",
        "schedule.title",
        ":material/event:",
        "schedule",
        "app.section.analysis",
    ),
    PageSpec(
        "pages/committee.py",
        "committee.title",
        ":material/groups:",
        "committee",
        "app.section.analysis",
    ),
    PageSpec(
        "pages/partners.py",
        "partners.title",
        ":material/handshake:",
        "partners",
        "app.section.analysis",
    ),
    PageSpec("pages/map.py", "map.title", ":material/map:", "map", "app.section.analysis"),
    PageSpec(
        "pages/briefing.py",
        "reports.briefing.title",
        ":material/slideshow:",
        "briefing",
        "app.section.reports",
    ),
    PageSpec(
        "pages/present.py",
        "reports.present.title",
        ":material/co_present:",
        "present",
        "app.section.reports",
    ),
    PageSpec(
        "pages/data_records.py",
        "records.title",
        ":material/edit_note:",
        "data",
        "app.section.data",
        role="editor",
    ),
    PageSpec(
        "pages/data_tables.py",
        "records.tables.title",
        ":material/table_edit:",
        "data-tables",
        "app.section.data",
        role="editor",
    ),
    PageSpec(
        "pages/data_import.py",
        "imports.page.title",
        ":material/upload_file:",
        "import",
        "app.section.data",
        role="editor",
    ),
    PageSpec(
        "pages/data_history.py",
        "records.history.title",
        ":material/history:",
        "data-history",
        "app.section.data",
        role="editor",
    ),
    PageSpec(
        "pages/data_changes.py",
        "records.log.title",
        ":material/manage_history:",
        "data-changes",
        "app.section.data",
        role="editor",
    ),
    PageSpec(
        "pages/admin.py",
        "admin.title",
        ":material/admin_panel_settings:",
        "admin",
        "app.section.admin",
        role="admin",
    ),
)

# Always routed (so /sign_in works) but never listed: the sidebar links to it in public mode.
SIGN_IN = PageSpec(
    "pages/sign_in.py", "access.signin.title", ":material/login:", "sign_in", "app.section.admin"
)


def ordered(initiative_count: int, home: str = "overview") -> list[PageSpec]:
    """The pages in navigation order: the portfolio first when more than one initiative exists;
    ``home`` (``TRACKER_HOME``: overview or portfolio) is the page a visitor lands on."""
    specs = list(PAGES)
    if initiative_count > 1:
        portfolio = next(s for s in specs if s.url_path == "portfolio")
        specs.remove(portfolio)
        specs.insert(0, portfolio)
    return [
        PageSpec(s.path, s.title_key, s.icon, s.url_path, s.section, s.url_path == home, s.role)
        for s in specs
    ]


def visible(specs: list[PageSpec], role: Role | None) -> list[PageSpec]:
    """The pages a role sees: a viewer (or someone not signed in) sees no data or admin page."""
    held = role or Role.VIEWER
    return [s for s in specs if Role.parse(s.role) <= held]


def build(lang: str, initiative_count: int = 1, role: Role | None = Role.ADMIN) -> dict[str, list]:
    """The navigation for ``role``; the sign-in page is routed but hidden."""
    sections: dict[str, list] = {}
    for spec in visible(ordered(initiative_count, config.settings().home), role):
        page = st.Page(
            spec.path,
            title=i18n.t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
        sections.setdefault(i18n.t(spec.section, lang), []).append(page)
    sign_in = st.Page(
        SIGN_IN.path,
        title=i18n.t(SIGN_IN.title_key, lang),
        icon=SIGN_IN.icon,
        url_path=SIGN_IN.url_path,
        visibility="hidden",
    )
    sections.setdefault(i18n.t(SIGN_IN.section, lang), []).append(sign_in)
    return sections
