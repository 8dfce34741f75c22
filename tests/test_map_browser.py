"""Real browser: the map draws offline (no request leaves the machine) and the partners page draws."""

import io
from urllib.parse import urlparse

import pytest
from browser import error_texts, wait_for_page
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def outside(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if not u.startswith(("data:", "blob:")) and urlparse(u).hostname not in LOCAL_HOSTS
    ]


def test_map_page_draws_offline_with_labels(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_app)  # through the router first, as a user arriving at the dashboard
    wait_for_page(page)
    page.goto(f"{served_app}/map")
    wait_for_page(page)
    main = page.locator('[data-testid="stMain"]')
    # 2D by default, drawn as SVG: the districts, the places and their names
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=60_000)
    expect(chart).to_contain_text("광주광역시청")
    expect(chart).to_contain_text("북구")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 500
    expect(main).to_contain_text("위치 미확인")
    expect(main).to_contain_text("티맥스인공지능개발센터")
    expect(main).to_contain_text("대략적 위치")
    # the bundled boundaries were drawn (the attribution is shown only then), with no warning
    expect(main).to_contain_text("통계청(KOSTAT) SGIS")
    expect(main).not_to_contain_text("TRACKER_BOUNDARIES")
    # a click on a point shows the place's details beside the map
    chart.locator(".scatterlayer .point").nth(1).click(force=True)
    expect(main).to_contain_text("구분: ", timeout=30_000)
    # the list beside the map follows the click, and reaches every place by keyboard alone,
    # those without coordinates too
    chooser = page.locator(".st-key-map_place input")
    expect(chooser).not_to_have_value("— 고르지 않음")
    expect(chooser).not_to_have_value("")
    chooser.focus()
    page.keyboard.type("솔트룩스")
    page.keyboard.press("Enter")
    wait_for_page(page)
    expect(chooser).to_have_value("솔트룩스 광주AI센터")
    expect(main.locator("strong", has_text="솔트룩스 광주AI센터")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-offline.png"), full_page=True)
    # the 3D investment columns: a WebGL deck, still with no request leaving the machine
    page.get_by_text("3D 사업비 기둥").click()
    wait_for_page(page)
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1500)  # let deck.gl draw its first frames
    from PIL import Image

    pixels = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = pixels.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50, "the deck canvas looks blank"
    assert error_texts(page) == []
    assert outside(requests) == [], (
        "the map page reached outside hosts in the default (offline) mode"
    )
    assert any(urlparse(u).path.startswith("/_stcore") for u in requests)  # the recorder works
    page.screenshot(path=str(ARTIFACTS / "map-3d-offline.png"), full_page=True)
    page.close()


def test_partners_page_draws_in_english(served_app, browser_page_factory, screenshot_on_failure):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/partners?lang=en")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Partners and centres", timeout=60_000)
    wait_for_page(page)
    expect(main).to_contain_text("about 349", timeout=60_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=60_000)
    assert error_texts(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "partners-en.png"), full_page=True)
    page.close()
