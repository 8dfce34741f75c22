"""Keyboard only, in real Chromium: a filter is changed, a chart's data table opened, slides are
turned with the arrow keys, and whatever has focus shows a ring."""

import pytest
from browser import error_texts, wait_for_charts, wait_for_page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

_FOCUS = """
() => {
  const el = document.activeElement;
  if (!el) return null;
  const widget = el.closest('[data-testid]');
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
    widget: widget ? widget.getAttribute('data-testid') : null,
    label: (el.closest('[data-testid="stMultiSelect"]')?.innerText || '').split('\\n')[0],
    outline: style.outlineStyle + ' ' + style.outlineWidth,
  };
}
"""


def tab_to(page, matches, limit: int = 120, *, key: str = "Tab") -> dict:
    """Press Tab until the focused element satisfies ``matches`` (looked at, never clicked)."""
    for _ in range(limit):
        page.keyboard.press(key)
        focus = page.evaluate(_FOCUS)
        if focus and matches(focus):
            return focus
    raise AssertionError(f"never reached by {key} (last focus: {focus})")


def test_a_filter_and_a_chart_table_work_by_keyboard_alone(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/schedule?lang=en&as_of=2025-12-31")
    wait_for_charts(page)  # the lazily loaded widgets are in place before tabbing

    focus = tab_to(page, lambda f: f["tag"] == "INPUT" and f["label"] == "Status")
    assert focus["outline"] == "solid 3px"  # the focus ring is visible
    # on this day the bundled data holds done milestones and done ones without a sourced date
    page.keyboard.type("Done, date unknown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_page(page)
    states = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Status")
    expect(states).to_contain_text("Done, date unknown")

    focus = tab_to(page, lambda f: f["tag"] == "SUMMARY" and "Chart data as a table" in f["text"])
    assert focus["outline"] == "solid 3px"
    page.keyboard.press("Enter")
    table = page.locator('[data-testid="stExpander"]').filter(has_text="Chart data as a table")
    rows = table.locator("table tbody tr")
    expect(rows.first).to_be_visible(timeout=10_000)
    text = table.inner_text()
    # the filter narrowed the chart's data too: every "Done" there is a "Done, date unknown"
    assert "Done, date unknown" in text
    assert text.count("Done") == text.count("Done, date unknown")
    assert error_texts(page) == []
    page.close()


def test_presentation_slides_turn_with_the_arrow_keys(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/present?lang=en&slide=1&charts=overview.plan_totals")
    wait_for_page(page)
    # the key handler comes with an st.html element, which loads after the script run has ended
    page.wait_for_function("window.__trackerPresentKeys === true", timeout=30_000)
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**slide=2**", timeout=30_000)
    wait_for_page(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("2 / 4")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**slide=1**", timeout=30_000)
    page.close()


def test_the_briefing_build_button_and_chart_downloads_are_reachable_by_tab(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/briefing?lang=en")
    wait_for_page(page)
    focus = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].endswith("Build"))
    assert focus["outline"] == "solid 3px"
    page.goto(f"{served_app}/?lang=en")
    wait_for_page(page)
    focus = tab_to(page, lambda f: f["widget"] == "stPopoverButton" and "Download" in f["text"])
    page.keyboard.press("Enter")
    expect(page.locator('[data-testid="stDownloadButton"]').first).to_be_visible(timeout=10_000)
    page.close()
