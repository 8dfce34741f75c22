"""AppTest for the budget page: bundled data, an empty database, filters, a chart click, as-of."""

import json

import pytest
from conftest import ROOT
from fixtures import build_hand
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Widget

from tracker.db import backend, store

PAGE = "pages/budget.py"
EOK = 100_000_000


def open_page(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params.update({"as_of": "2026-11-30", **(params or {})})
    at.switch_page(PAGE).run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def url_values(at: AppTest, name: str) -> list[str]:
    value = at.query_params[name]
    return [value] if isinstance(value, str) else list(value)


def metrics(at: AppTest) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta or None) for m in at.metric}


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"].split("</b>")[0][3:] for spec in chart_specs(at)]


def test_bundled_data_answers_how_much_on_what_by_whom(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page()
    assert at.title[0].value == "예산 · 집행"
    values = metrics(at)
    assert values["총사업비 (최근)"] == ("약 4,300억원", None)
    # like figures only: 626 + 645 national shares; the 2022 total (1,076) is named apart
    assert values["연도별 계획 합계"] == ("1,271억원", None)
    assert values["집행액"] == ("미등록", None)  # not 0: nothing is sourced
    assert values["잔여 사업비"] == ("미등록", None)
    assert chart_titles(at) == [
        "연도별 계획 대비 집행 (재원별)",
        "재원별 분담 (계획 버전별)",
        "누적 집행 곡선 (계획 대비 실적과 전망)",
        "분야별 사업비 구성",
        "총사업비 변동 (계획 버전별)",
        "지역별 AI 사업 규모 비교",
    ]
    years = at.dataframe[0].value
    assert years["판정"].tolist() == ["집행 미등록"] * 3
    variance = at.dataframe[1].value
    assert list(variance.columns) == ["연도", "재원", "분야", "계획 (억원)"]
    assert variance["계획 (억원)"].tolist() == [1076.0, 645.0, 626.0]


def test_english_and_another_unit(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page()
    at.segmented_control(key="lang").set_value("en")
    at.selectbox(key="unit").set_value("million")
    at.run()
    assert at.title[0].value == "Budget and spending"
    assert metrics(at)["Yearly plan (sum)"][0] == "KRW 127,100 mn"
    assert chart_specs(at)[0]["layout"]["yaxis"]["title"]["text"] == "KRW mn"


def test_one_filter_from_the_url_narrows_the_page(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page({"b_year": "2021"})
    assert metrics(at)["연도별 계획 합계"][0] == "645억원"
    assert "총사업비 (최근)" not in metrics(at)  # a narrowed view has no envelope of its own
    by_year = chart_specs(at)[0]
    assert [trace["y"] for trace in by_year["data"]] == [[645.0]]
    assert at.multiselect(key="b_year").value == [2021]
    assert url_values(at, "b_year") == ["2021"]


def test_a_filter_widget_updates_the_url_and_clear_resets_it(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page()
    at.multiselect(key="b_year").set_value([2020, 2022]).run()
    # 2020 (national share 626) and 2022 (total 1,076) measure different things: not added;
    # one year each, so the earlier measure is kept
    assert metrics(at)["연도별 계획 합계"][0] == "626억원"
    assert url_values(at, "b_year") == ["2020", "2022"]
    at.button(key="b_clear").click().run()
    assert metrics(at)["연도별 계획 합계"][0] == "1,271억원"
    assert "b_year" not in at.query_params


def _replace_node(block: Block, old, new) -> bool:
    for index, child in block.children.items():
        if child is old:
            block.children[index] = new
            return True
        if isinstance(child, Block) and _replace_node(child, old, new):
            return True
    return False


class ClickedChart(Widget):
    """Stands in for the browser: a plotly chart whose points the user has just selected."""

    def __init__(self, element, points: list[dict]):
        self.proto, self.root, self.type = element.proto, element.root, "plotly_chart"
        self.id, self.key, self._value = element.proto.id, element.key, None
        self.disabled = False
        self.points = points

    @property
    def value(self):
        return {"selection": {"points": self.points}}

    @property
    def _widget_state(self) -> WidgetState:
        state = WidgetState(id=self.id)
        selection = {"points": self.points, "point_indices": [0], "box": [], "lasso": []}
        state.string_value = json.dumps({"selection": selection})  # as the frontend sends it
        return state


def click(at: AppTest, chart_index: int, points: list[dict]) -> AppTest:
    chart = at.get("plotly_chart")[chart_index]
    assert _replace_node(at._tree, chart, ClickedChart(chart, points))
    return at.run()


def test_clicking_a_bar_narrows_the_page_and_the_url(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page()
    by_year = chart_specs(at)[0]
    national = next(t for t in by_year["data"] if t["name"] == "국비")
    point = {"customdata": national["customdata"][1], "x": ["2021", "계획"], "y": 645.0}
    click(at, 0, [point])
    assert not at.exception, [e.value for e in at.exception]
    assert url_values(at, "b_year") == ["2021"]
    assert url_values(at, "b_source") == ["national"]
    assert metrics(at)["연도별 계획 합계"][0] == "645억원"
    assert "필터: 2021 · 국비" in chart_specs(at)[0]["layout"]["title"]["text"]


def test_an_earlier_as_of_date_shows_what_was_known_then(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page({"as_of": "2020-06-01"})
    values = metrics(at)
    assert values["총사업비 (최근)"][0] == "4,116억원"
    # the 2020 figure's report is dated only to the year: known from 2020-12-31
    assert values["연도별 계획 합계"][0] == "미등록"
    texts = json.dumps(chart_specs(at)[3], ensure_ascii=False)  # the component breakdown
    assert "분야별 계획 미등록" in texts


def test_empty_database_explains_how_to_load_data(app_env):
    app_env("empty")
    at = open_page()
    assert any("tracker seed" in info.value for info in at.info)
    assert not at.get("plotly_chart")


@pytest.fixture
def hand_db(app_env):
    engine = backend.make_engine(app_env("empty"))
    store.create_schema(engine)
    build_hand(engine)
    yield engine
    engine.dispose()


def open_hand(threshold: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params.update(
        {"as_of": "2021-07-15", "initiative": "hand", "b_risk": threshold, **params}
    )
    at.switch_page(PAGE).run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_number_on_the_page_is_the_hand_computed_one(hand_db):
    at = open_hand("20")
    assert at.slider(key="b_risk").value == 20
    # Run rate over the complete months Jan..Jun 2021: (10 + 0 + 0 + 6 + 0 + 2) / 6 = 3억 a month.
    # From 15 July to 31 December: 5 months + 16/31 of July = 5.516 months.
    # 2021 year end: 18 + 3 x 5.516 = 34.55억 -> "35억원"; plan 2021 40억: short by 5.45억 = 13.6 %,
    # within the 20 % threshold.
    assert [(m.label, m.value, m.delta or None) for m in at.metric] == [
        ("총사업비 (최근)", "126억원", None),  # the revised total of 1 June
        ("연도별 계획 합계", "100억원", None),
        ("집행액", "18억원", "집행률 18.0%"),  # against the yearly plan 100억
        ("잔여 사업비", "108억원", "총사업비의 14.3% 집행"),  # 18 of 126
        ("2021년 말 집행 전망", "35억원", "계획 대비 부족 13.6% (기준 이내)"),
    ]
    assert at.dataframe[0].value["판정"].tolist() == ["정상", "예정"]  # 2021, 2022
    # 2021 national: plan 30, spent 16 -> 14; city: plan 10, spent 2 -> 8 (largest first)
    assert at.dataframe[1].value["차이 (억원)"].tolist() == pytest.approx([14.0, 8.0])
    # 14 of 30 (46.7 %) and 8 of 10 (80 %) short in 2021, the as-of year: both past the 20 %
    assert at.dataframe[1].value["차이 판정"].tolist() == ["계획 대비 부족 (기준 초과)"] * 2
    s_curve = chart_specs(at)[2]
    forecast = next(t for t in s_curve["data"] if t["name"] == "전망 (집행 속도 기준)")
    # programme end 31 Dec 2022: 17 months + 16/31 after 15 July 2021 -> 18 + 3 x 17.516 = 70.55억
    assert forecast["y"][-1] == pytest.approx(18 + 3 * (17 + 16 / 31))


def test_a_lower_threshold_turns_the_same_year_at_risk(hand_db):
    at = open_hand("10")
    # 13.6 % short is over a 10 % threshold
    assert at.metric[-1].delta == "이월·불용 위험: 계획 대비 13.6% 부족"
    assert at.dataframe[0].value["판정"].tolist() == ["이월·불용 위험", "예정"]


def test_source_and_component_filters_from_the_url(hand_db):
    at = open_hand("20", b_source="city", b_comp="rnd")
    assert at.multiselect(key="b_source").value == ["city"]
    assert at.multiselect(key="b_comp").value == ["rnd"]
    cards = {m.label: (m.value, m.delta or None) for m in at.metric}
    # city lines: 10 (2021) + 15 (2022) = 25억; city spending 2억 = 8.0 %; no envelope card
    assert cards["연도별 계획 합계"] == ("25억원", None)
    assert cards["집행액"] == ("2억원", "집행률 8.0%")
    assert "총사업비 (최근)" not in cards
