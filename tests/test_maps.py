"""Maps: boundary loading, the site deck and the national map built offline from the bundled data."""

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from tracker import config
from tracker.maps import boundaries as maps_boundaries
from tracker.maps import decks as maps_decks
from tracker.maps import reads as maps_reads
from tracker.maps import regions as maps_regions
from tracker.maps import sites as maps_sites
from tracker.maps import view as maps_view

GJ = "gj-ai-cluster-phase1"
DAY = dt.date(2026, 11, 30)  # after the bundle was compiled (2026-11-25)
MUNICIPALITIES = config.DEFAULT_BOUNDARIES
PROVINCES = config.DEFAULT_REGION_BOUNDARIES


def layers(deck) -> dict[str, dict]:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_boundaries_fail_with_a_clear_message(tmp_path: Path):
    with pytest.raises(maps_boundaries.BoundaryError, match="not found"):
        maps_boundaries.load_boundaries(tmp_path / "missing.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(maps_boundaries.BoundaryError, match="not valid GeoJSON"):
        maps_boundaries.load_boundaries(broken)
    points = tmp_path / "points.geojson"
    points.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(maps_boundaries.BoundaryError, match="expected Polygon"):
        maps_boundaries.load_boundaries(points)
    collection, problem = maps_boundaries.try_boundaries(broken)
    assert collection is None and "broken.geojson" in problem


def test_region_boundaries_default_beside_the_configured_file(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_BOUNDARIES", str(tmp_path / "x" / "districts.geojson"))
    monkeypatch.delenv("TRACKER_REGION_BOUNDARIES", raising=False)
    assert (
        config.settings().region_boundaries
        == tmp_path / "x" / "skorea-provinces-2013-simple.geojson"
    )
    monkeypatch.setenv("TRACKER_REGION_BOUNDARIES", str(tmp_path / "p.geojson"))
    assert config.settings().region_boundaries == tmp_path / "p.geojson"


def test_label_point_is_the_centroid_of_the_largest_ring():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    assert maps_boundaries.label_point(square) == pytest.approx((1.0, 1.0))
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]],
            [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]],
        ],
    }
    assert maps_boundaries.label_point(multi) == pytest.approx((2.0, 1.0))


def test_label_offsets_stack_nearby_labels_and_put_the_southern_one_below():
    points = [
        {"lat": 35.235, "lon": 126.847},  # cluster
        {"lat": 35.235, "lon": 126.847},  # data centre, same spot
        {"lat": 35.229, "lon": 126.843},  # GIST, 700 m south-west
        {"lat": 35.160, "lon": 126.852},  # city hall, far away
    ]
    assert maps_decks.label_offsets(points) == [[0, -38], [0, -18], [0, 20], [0, -18]]


def test_envelope_colour_is_a_log_scale():
    low, high = 1e11, 1e13
    assert maps_regions.envelope_colour(1e11, low, high)[:3] == list(maps_regions.ENVELOPE_LOW)
    assert maps_regions.envelope_colour(1e13, low, high)[:3] == list(maps_regions.ENVELOPE_HIGH)
    middle = maps_regions.envelope_colour(1e12, low, high)[:3]  # halfway in log10
    assert middle == [
        round((a + b) / 2)
        for a, b in zip(maps_regions.ENVELOPE_LOW, maps_regions.ENVELOPE_HIGH, strict=True)
    ]
    assert maps_regions.envelope_colour(None, low, high) == maps_regions.NO_PROGRAMME_FILL


def test_bundled_places_with_investment_and_unplaced_centres(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY).set_index("key")
    assert frame.loc["site-gj-ai-cluster", "investment_won"] == 430_000_000_000  # latest total
    assert frame.loc["site-gj-ai-cluster", "investment_is_estimate"]
    # AI Times (90.2bn, undated: known from the compile date) is the latest announcement on record
    assert frame.loc["site-gj-ai-datacentre", "investment_won"] == 90_200_000_000
    assert pd.isna(frame.loc["site-gist", "investment_won"])
    missing = maps_view.unplaced(frame.reset_index())
    assert sorted(missing["key"]) == ["centre-saltlux-gwangju-ai", "centre-tmax-ai"]
    table = maps_view.unplaced_table(missing, lang="ko")
    assert set(table["위치"]) == {"위치 미확인"}
    # the data-centre site comes from an undated report: not on the map before the compile date
    before = maps_reads.places(bundled_engine, GJ, dt.date(2026, 11, 24)).set_index("key")
    assert "site-gj-ai-datacentre" not in before.index and "site-gj-ai-cluster" in before.index


def test_site_deck_is_offline_and_draws_approximate_places_hollow(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    deck = maps_decks.site_deck(
        frame,
        maps_boundaries.load_boundaries(MUNICIPALITIES),
        lang="ko",
        unit="eok",
        region_code="24",
    )
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # no basemap
    by_id = layers(deck)
    # one layer per kind of thing drawn; 2D by default, the investment columns only in 3D
    assert set(by_id) == {"areas", "places", "labels"}
    assert spec["initialViewState"]["pitch"] == 0
    features = by_id["areas"]["data"]["features"]
    districts = [f for f in features if f["properties"]["key"].startswith("boundary-")]
    assert len(districts) == 5  # Gwangju's five districts only
    # drawn as outlines (lines, no fill shader): every ring of the district is a line
    assert {f["geometry"]["type"] for f in districts} == {"MultiLineString"}
    assert not any(f["geometry"]["type"].endswith("Polygon") for f in features)
    places = by_id["places"]["data"]
    assert {r["key"] for r in places} == {
        "site-gj-ai-cluster",
        "site-gj-ai-datacentre",
        "site-gist",
        "site-cnu",
        "site-gwangju-city-hall",
    }
    # every bundled coordinate is approximate: hollow (white centre, ring of 3 px in the kind's colour)
    for r in places:
        assert r["fill"] == [255, 255, 255, 255] and r["line_px"] == 3
        assert r["line"] == maps_decks.KIND_COLOURS[r["kind"]]
    cluster = next(r for r in places if r["key"] == "site-gj-ai-cluster")
    assert "대략적 위치 (±1.5km)" in cluster["detail"] and "약 4,300억원" in cluster["detail"]
    # the dashed uncertainty circles are lines of the same layer, one circle per spot: the
    # cluster and the data centre share theirs, named for both; clicked, it opens the first
    circles = [f for f in features if not f["properties"]["key"].startswith("boundary-")]
    assert len(circles) == 1
    circle = circles[0]["properties"]
    assert circle["ring"] == 0 and circle["key"] in {"site-gj-ai-cluster", "site-gj-ai-datacentre"}
    assert " · " in circle["name"] and circle["detail"] == "대략적 위치 (±1.5km)"
    dashes = circles[0]["geometry"]["coordinates"]
    assert len(dashes) == maps_decks.ACCURACY_DASHES and all(len(d) == 4 for d in dashes)
    assert "extensions" not in by_id["areas"]  # dashes drawn as paths, no dash shader
    labels = by_id["labels"]
    assert labels["characterSet"] == "auto" and labels["fontFamily"].startswith("Noto Sans CJK KR")
    # no boxes behind the labels (a layer of their own): a white halo drawn by the text shader
    assert "background" not in labels and labels["fontSettings"]["sdf"] is True
    assert labels["outlineWidth"] == 4 and labels["outlineColor"][:3] == [255, 255, 255]
    texts = maps_decks.deck_texts(deck)
    assert "광주광역시청" in texts and "북구" in texts
    assert not any("티맥스" in t for t in texts)  # no coordinates: listed, not drawn


def test_investment_columns_are_one_click_away_in_3d(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    deck = maps_decks.site_deck(frame, None, lang="ko", unit="eok", columns=True)
    spec = json.loads(deck.to_json())
    by_id = layers(deck)
    assert spec["initialViewState"]["pitch"] == 40
    assert [r["elevation"] for r in by_id["investment-sites"]["data"]] == [902.0]
    assert [r["elevation"] for r in by_id["investment-cluster"]["data"]] == [4300.0]
    assert by_id["investment-cluster"]["radius"] == 320  # wide, so the sites' columns show
    # the points keep their own styling when the columns are drawn beside them
    assert {r["line_px"] for r in by_id["places"]["data"]} == {3}


def test_dashed_circle_is_forty_dashes_on_the_circle():
    dashes = maps_decks.dashed_circle(35.0, 127.0, 1_500)
    assert len(dashes) == 40
    # 1,500 m is 1500 / 111,320 = 0.013475 degrees of latitude: the first dash starts due east,
    # the eleventh (a quarter of the way round) due north
    assert dashes[0][0][1] == pytest.approx(35.0)
    assert dashes[10][0] == pytest.approx([127.0, 35.013475], abs=1e-6)
    # each dash is 3 of the 5 steps of its 9-degree share: 60 % dash, 40 % gap
    assert all(len(dash) == 4 for dash in dashes)
    assert dashes[0][3][1] - 35.0 == pytest.approx(0.013475 * math.sin(math.radians(5.4)), abs=1e-7)


def test_tiles_are_an_explicit_option(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    spec = json.loads(
        maps_decks.site_deck(frame, None, lang="en", unit="eok", tiles=True).to_json()
    )
    assert spec["mapProvider"] == "carto" and "cartocdn" in spec["mapStyle"]
    english = maps_decks.site_deck(frame, None, lang="en", unit="eok")
    assert "Gwangju City Hall" in maps_decks.deck_texts(english)


def test_site_deck_without_places_or_boundaries_still_builds():
    empty = pd.DataFrame(columns=["key", "kind", "lat", "lon", "is_approximate"])
    deck = maps_decks.site_deck(empty, None, lang="ko", unit="eok")
    assert deck.layers == []
    assert deck.initial_view_state.latitude == maps_decks.KOREA_VIEW["latitude"]


def test_exact_places_are_filled():
    frame = pd.DataFrame(
        [
            {
                "key": "office-1",
                "kind": "office",
                "name_ko": "사무소",
                "name_en": "Office",
                "lat": 35.2,
                "lon": 126.9,
                "is_approximate": False,
                "accuracy_m": None,
                "investment_won": None,
            }
        ]
    )
    by_id = layers(maps_decks.site_deck(frame, None, lang="ko", unit="eok"))
    exact = by_id["places"]["data"][0]
    assert exact["fill"] == maps_decks.KIND_COLOURS["office"] and exact["line_px"] == 1
    assert exact["detail"].endswith("확인된 위치")
    assert "areas" not in by_id  # no boundaries, no polygon, no uncertainty circle


def test_selection_finds_the_clicked_place(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    selection = {
        "indices": {"investment-sites": [0]},
        "objects": {"investment-sites": [{"key": "site-gj-ai-datacentre"}]},
    }
    chosen = maps_view.selected_place(selection, frame)
    details = dict(maps_view.place_details(chosen, "ko", "eok"))
    assert details["사업비"] == "사업비 902억원 (AI 데이터센터 사업비 902억원 (AI타임스))"
    assert details["위치"] == "대략적 위치 (±1.5km)"
    assert maps_view.selected_place({"indices": {}, "objects": {}}, frame) is None
    boundary = {"objects": {"boundaries": [{"properties": {"key": "boundary-24040"}}]}}
    assert maps_view.selected_place(boundary, frame) is None


def test_selection_finds_the_place_clicked_on_the_svg_map(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    # plotly's selection: the place's key is the point's customdata (a value or a list)
    clicked = {"points": [{"curve_number": 7, "point_index": 0, "customdata": "site-gist"}]}
    assert maps_view.selected_place(clicked, frame)["name_ko"] == "광주과학기술원 (GIST)"
    as_list = {"points": [{"customdata": ["site-cnu"]}], "point_indices": [0]}
    assert maps_view.selected_place(as_list, frame)["key"] == "site-cnu"
    # a click on a district (no customdata) or on an unknown key selects nothing
    assert maps_view.selected_place({"points": [{"point_index": 3}]}, frame) is None
    assert maps_view.selected_place({"points": [{"customdata": "site-x"}]}, frame) is None


def _site_map(frame, boundaries=str(MUNICIPALITIES), lang="ko"):
    return maps_sites.site_map(frame, boundaries, lang=lang, unit="eok", as_of=DAY,
                               title="광주: 부지와 센터", region_code="24")  # fmt: skip


def test_site_map_draws_districts_places_circles_and_labels_as_svg(bundled_engine):
    frame = maps_reads.places(bundled_engine, GJ, DAY)
    result = _site_map(frame)
    fig = result.figure
    districts = [t for t in fig.data if t.fill == "toself" and t.hoveron == "fills"]
    assert sorted(t.name for t in districts) == ["광산구", "남구", "동구", "북구", "서구"]
    names = next(t for t in fig.data if t.mode == "text")
    assert sorted(names.text) == ["광산구", "남구", "동구", "북구", "서구"]
    # one trace of points per kind (the legend), each point's key as its customdata
    points = {t.name: t for t in fig.data if t.mode == "markers"}
    assert set(points) == {"대학", "집적단지", "데이터센터", "관공서"}
    assert sorted(points["대학"].customdata) == ["site-cnu", "site-gist"]
    keys = {k for t in points.values() for k in t.customdata}
    assert "centre-tmax-ai" not in keys and len(keys) == 5  # no coordinates: not drawn
    # every bundled location is approximate: hollow, a ring of 3 px in the kind's colour
    dc = points["데이터센터"]
    assert list(dc.marker.color) == ["white"] and list(dc.marker.line.color) == ["rgb(224,123,36)"]
    assert list(dc.marker.line.width) == [3]
    assert "사업비 902억원" in dc.hovertext[0] and "대략적 위치 (±1.5km)" in dc.hovertext[0]
    cluster = points["집적단지"].hovertext[0]
    assert "약 4,300억원" in cluster and cluster.startswith("<b>인공지능 집적단지 (첨단 3지구)</b>")
    # one dashed circle for the cluster and the data centre's shared spot, 1.5 km round:
    # 1,500 / 111,320 = 0.013475 degrees of latitude north of 35.235
    circles = [t for t in fig.data if t.name == "accuracy"]
    assert len(circles) == 1 and circles[0].line.dash == "dash"
    assert len(circles[0].y) == 65 and max(circles[0].y) == pytest.approx(35.248475, abs=1e-5)
    # labels: stacked above the shared spot, GIST's (700 m south-west) below its point
    labels = {a.text: a.yshift for a in fig.layout.annotations if a.name == "place"}
    assert labels["<b>광주과학기술원 (GIST)</b>"] == -20
    assert {labels["<b>인공지능 집적단지 (첨단 3지구)</b>"], labels["<b>AI데이터센터</b>"]} == {
        18,
        38,
    }
    assert labels["<b>광주광역시청</b>"] == 18 and len(labels) == 5
    # the view: the places (lon 126.843-126.906, lat 35.160-35.235) and half the larger span
    # (0.075 / 2 = 0.0375) around them, north drawn as long as it is on the ground
    assert fig.layout.xaxis.range == pytest.approx((126.8055, 126.9435))
    assert fig.layout.yaxis.range == pytest.approx((35.1225, 35.2725))
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(35.1975)))
    footer = next(a.text for a in fig.layout.annotations if a.name == "footer")
    assert "통계청(KOSTAT)" in footer
    assert result.takeaway == (
        "지도에 5곳(그중 대략적 위치 5곳)을 표시했고, 위치를 모르는 2곳은 표에만 있습니다."
    )
    table = result.data.set_index("항목")
    assert len(table) == 7 and table.loc["티맥스인공지능개발센터", "위치"] == "위치 미확인"
    assert table.loc["티맥스인공지능개발센터", "개소일"] == "2020-03-31"
    assert table.loc["광주광역시청", "개소일"] == "—" and not result.is_empty


def test_site_map_without_boundaries_or_places():
    rows = [
        {"key": "office-1", "kind": "office", "name_ko": "사무소", "name_en": "Office",
         "lat": 35.2, "lon": 126.9, "is_approximate": False, "accuracy_m": None,
         "investment_won": None, "polygon_geojson": None},
    ]  # fmt: skip
    result = _site_map(pd.DataFrame(rows), boundaries=None, lang="en")
    fig = result.figure
    assert [t.mode for t in fig.data] == ["markers"]  # no district, no circle
    exact = fig.data[0]
    assert list(exact.marker.color) == ["rgb(47,158,87)"] and list(exact.marker.line.width) == [1]
    assert exact.hovertext[0].endswith("exact location")
    # a single place: the smallest span (0.02 degrees) with half of it on each side
    assert fig.layout.xaxis.range == pytest.approx((126.89, 126.91))
    assert fig.layout.yaxis.range == pytest.approx((35.19, 35.21))
    footer = next(a.text for a in fig.layout.annotations if a.name == "footer")
    assert "KOSTAT" not in footer  # no boundaries drawn, none credited
    assert result.takeaway.startswith("1 place(s) on the map (0 approximate); 0 with")
    empty = _site_map(pd.DataFrame(columns=list(rows[0])), boundaries=None)
    assert empty.is_empty and [t for t in empty.figure.data] == []
    assert empty.figure.layout.xaxis.range == maps_sites.KOREA_BOX[::2]


def test_site_map_fills_an_exact_site_outline_and_dots_an_approximate_one():
    square = [[126.90, 35.10], [126.91, 35.10], [126.91, 35.11], [126.90, 35.10]]
    rows = [
        {"key": key, "kind": "cluster", "name_ko": key, "name_en": key, "lat": 35.105,
         "lon": 126.905, "is_approximate": approximate, "accuracy_m": None,
         "investment_won": None,
         "polygon_geojson": json.dumps({"type": "Polygon", "coordinates": [square]})}
        for key, approximate in (("exact-site", False), ("rough-site", True))
    ]  # fmt: skip
    fig = _site_map(pd.DataFrame(rows), boundaries=None).figure
    outlines = [t for t in fig.data if t.name == "site outlines"]
    assert [(t.fill, t.line.dash) for t in outlines] == [("toself", "solid"), (None, "dot")]
    assert list(outlines[0].x) == [126.90, 126.91, 126.91, 126.90]


def test_national_map_colours_regions_by_envelope_on_a_log_scale(bundled_engine):
    envelopes = maps_reads.region_envelopes(bundled_engine, DAY)
    gwangju = envelopes[envelopes["region_key"] == "gwangju"].iloc[0]
    assert (
        gwangju["envelope_won"] == 411_600_000_000 + 600_000_000_000 and gwangju["initiatives"] == 2
    )
    result = maps_regions.national_map(envelopes, str(PROVINCES), lang="ko", unit="eok", as_of=DAY)
    shapes = {t.name.split(":")[0]: t for t in result.figure.data if t.fill == "toself"}
    assert len(shapes) == 17
    assert shapes["울산광역시"].fillcolor == "rgba(8,48,107,0.90)"  # about 7tn, the largest
    assert shapes["서울특별시"].fillcolor == "rgba(225,228,232,0.78)"  # no programme recorded
    assert shapes["서울특별시"].name == "서울특별시: 등록된 AI 사업 없음"
    assert shapes["광주광역시"].name == "광주광역시: AI 사업비 합계 10,116억원 (사업 2개)"
    labels = [a.text for a in result.figure.layout.annotations if a.name != "footer"]
    assert "<b>광주광역시</b><br>10,116억원" in labels
    assert "<b>울산광역시</b><br>약 70,000억원" in labels
    # log scale: the bar's ends are the powers of ten of the smallest and largest sums
    bar = result.figure.data[-1].marker
    assert bar.colorbar.tickvals[1] == pytest.approx(math.log10(7_000_000_000_000), abs=0.01)
    assert result.data.iloc[0]["지역"] == "울산광역시" and not result.is_empty
    table = maps_view.envelope_table(envelopes, lang="en", unit="eok")
    assert table.iloc[0]["Region"] == "Ulsan"


def test_outline_keeps_every_ring_of_every_polygon_as_a_line():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [2, 1], [2, 2], [1, 1]]
    island = [[10, 10], [11, 10], [11, 11], [10, 10]]
    assert maps_boundaries.outline({"type": "Polygon", "coordinates": [outer, hole]}) == {
        "type": "MultiLineString",
        "coordinates": [outer, hole],
    }
    multi = {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}
    assert maps_boundaries.outline(multi)["coordinates"] == [outer, hole, island]


def test_exact_site_outline_stays_filled_and_approximate_one_is_a_line():
    square = [[126.90, 35.10], [126.91, 35.10], [126.91, 35.11], [126.90, 35.10]]
    rows = [
        {
            "key": key,
            "kind": "cluster",
            "name_ko": key,
            "name_en": key,
            "lat": 35.105,
            "lon": 126.905,
            "is_approximate": approximate,
            "accuracy_m": 500.0 if approximate else None,
            "investment_won": None,
            "polygon_geojson": json.dumps({"type": "Polygon", "coordinates": [square]}),
        }
        for key, approximate in (("exact-site", False), ("rough-site", True))
    ]
    by_id = layers(maps_decks.site_deck(pd.DataFrame(rows), None, lang="ko", unit="eok"))
    shapes = {
        f["properties"]["key"]: (f["geometry"]["type"], f["properties"]["fill"][3])
        for f in by_id["areas"]["data"]["features"]
        if "ring" not in f["properties"]
    }
    assert shapes == {"exact-site": ("Polygon", 70), "rough-site": ("MultiLineString", 0)}
