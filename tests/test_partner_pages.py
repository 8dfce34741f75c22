"""AppTest for the partners and map pages: figures, filters, and the deck sent to the browser."""

import json

from conftest import ROOT
from streamlit.testing.v1 import AppTest


def open_page(path: str, **params) -> AppTest:
    """Through the router; a language other than Korean runs the page script alone, because
    switching pages in AppTest drops the language chosen on the first run."""
    if params.get("lang", "ko") != "ko":
        at = AppTest.from_file(str(ROOT / path), default_timeout=90)
        at.query_params.update(params)
        at.run()
    else:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
        at.switch_page(path)  # the page's own first run, not the landing page's first
        at.query_params.update(params)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_partners_page_tells_the_attraction_story(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/partners.py", as_of="2026-11-30")
    assert metrics(at) == {
        "업무협약 누적 (보도 집계)": "약 349",
        "광주 사무소 개소 (보도 집계)": "약 160",
        "협약 → 개소 전환율": "45.8%",
        "개별 기록: 협약 기업·기관 → 센터 개소": "13 → 2",
    }
    assert len(at.get("plotly_chart")) == 4
    funnel = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["x"] for t in funnel["data"]] == [[349, 160, 0], [13, 2, 0]]
    captions = " ".join(c.value for c in at.caption)
    assert "실현 투자·고용 실적은 공개 자료 없음" in captions
    assert "9곳" in captions  # stalled after 12 months
    table = at.dataframe[-1].value
    assert len(table) == 13


def test_partners_page_follows_the_as_of_date_and_language(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/partners.py", as_of="2024-09-01", lang="en")
    values = metrics(at)
    assert values["MOUs, cumulative (sourced tally)"] == "at least 213"
    assert values["Offices opened (sourced tally)"] == "120"
    assert values["MOU → office conversion"] == "56.3%"
    assert at.title[0].value == "Partners and centres"


def test_stall_threshold_and_search_filter_the_lists(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/partners.py", as_of="2025-12-31")
    at.number_input(key="stalled_months").set_value(60).run()
    # MOUs at least 60 months old on 2025-12-31: signed on or before 2020-12-31, no centre.
    # Known by then: Encored (Oct 2019), IEEE (2020-02-19), and NSRI and Infoworks (signed by
    # 2020-04-28, the founding article); Telstar-Hommel's report is undated (from 2026-11-25).
    stalled = at.dataframe[1].value
    assert list(stalled["기업·기관"]) == [
        "Encored",
        "IEEE AI표준연구원",
        "인포웍스",
        "국가보안기술연구소",
    ]
    # (Tmax is not listed yet: its MOU comes from an undated report, known from 2026-11-25)
    at.text_input(key="partner_search").set_value("인포웍스").run()
    assert list(at.dataframe[-1].value["기업·기관"]) == ["인포웍스"]


def test_map_page_draws_the_sites_as_svg_and_3d_as_an_offline_deck(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/map.py", as_of="2025-12-31")
    # 2D by default: an SVG figure, no WebGL deck for a browser without a GPU to draw
    assert not at.get("deck_gl_json_chart")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == "place"]
    # on 2025-12-31 only the cluster site is on record (the data centre, university and city
    # hall sites come from reports known from 2026-11-25)
    assert labels == ["<b>인공지능 집적단지 (첨단 3지구)</b>"]
    districts = [t["name"] for t in figure["data"] if t.get("hoveron") == "fills"]
    assert "북구" in districts
    assert not at.warning  # the boundary file was found
    unplaced = at.dataframe[0].value
    assert set(unplaced["항목"]) == {"티맥스인공지능개발센터", "솔트룩스 광주AI센터"}
    # the investment columns are one click away, on an offline deck
    at.toggle(key="columns_3d").set_value(True).run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert spec["initialViewState"]["pitch"] == 40
    texts = [row["label"] for layer in spec["layers"] if layer["@@type"] == "TextLayer"
             for row in layer["data"]]  # fmt: skip
    assert "인공지능 집적단지 (첨단 3지구)" in texts and "북구" in texts
    assert not at.get("plotly_chart")


def test_map_page_explains_a_missing_boundary_file(app_env, bundled_db_file, monkeypatch, tmp_path):
    app_env("bundled", bundled_db_file)
    monkeypatch.setenv("TRACKER_BOUNDARIES", str(tmp_path / "nowhere.geojson"))
    at = open_page("pages/map.py", lang="en")
    assert "TRACKER_BOUNDARIES" in at.warning[0].value and "not found" in at.warning[0].value
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not [t for t in figure["data"] if t.get("hoveron") == "fills"]  # no district drawn
    assert "<b>Gwangju City Hall</b>" in [a["text"] for a in figure["layout"]["annotations"]]


def test_map_page_national_view_and_tiles_option(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/map.py")
    at.toggle(key="tiles").set_value(True).run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["mapProvider"] == "carto"
    at.session_state["map_view"] = "national"
    at.run()
    # the national view is an SVG figure, drawn without WebGL: no deck, and no basemap to toggle
    assert not at.get("deck_gl_json_chart") and at.toggle(key="tiles").disabled
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == "<b>전국 (지역별 사업비)</b>"
    assert len([t for t in figure["data"] if t.get("fill") == "toself"]) == 17


def test_map_details_can_be_chosen_from_a_list_as_well_as_by_a_click(app_env, bundled_db_file):
    """Keyboard users cannot click a point: the list beside the map reaches every place, those
    on the map first, and those without coordinates too."""
    app_env("bundled", bundled_db_file)
    at = open_page("pages/map.py")
    chooser = at.selectbox(key="map_place")
    assert chooser.value == "" and "목록에서 고르면" in at.caption[-3].value
    names = chooser.options  # as the list shows them
    assert names[0] == "— 고르지 않음"
    # the unplaced centres come after every place drawn on the map
    assert names[-2:] == ["솔트룩스 광주AI센터", "티맥스인공지능개발센터"]
    assert "광주광역시청" in names[1:-2]
    key = "centre-saltlux-gwangju-ai"  # data/centres.csv
    chooser.set_value(key).run()
    shown = " ".join(m.value for m in at.markdown)
    assert "**솔트룩스 광주AI센터**" in shown and "- 구분: " in shown
    at.switch_page(str(ROOT / "pages/map.py")).run()  # the same choice holds on a rerun
    assert at.selectbox(key="map_place").value == key
