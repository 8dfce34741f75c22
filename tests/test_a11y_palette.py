"""Colours meet WCAG 2.1 AA and stay apart under colour-vision deficiencies; states never rely on
colour alone.

The contrast formula is written here (WCAG 2.1, "relative luminance" and "contrast ratio"), not
imported from the code under test; its results for known pairs are checked by hand first.
"""

from __future__ import annotations

import itertools
import tomllib

import numpy as np
import pytest
from conftest import ROOT

from tracker import i18n, theme


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#000000", "#ffffff", 21.0),
        ("#777777", "#ffffff", 4.48),  # one step lighter fails
        ("#828180", "#ffffff", 3.89),  # Streamlit's caption before the fix (axe: 3.88)
        ("#c53948", "#f3e5e6", 4.23),  # Streamlit's selected pill before the fix (issue #18)
    ],
)
def test_the_contrast_formula_gives_the_known_ratios(fg, bg, expected):
    assert contrast(fg, bg) == pytest.approx(expected, abs=0.006)


TEXT_PAIRS = {
    "body text": (theme.INK, theme.WHITE),
    "body text in the sidebar": (theme.INK, theme.SIDEBAR_BACKGROUND),
    "captions and chart footers": (theme.MUTED_INK, theme.WHITE),
    "captions in the sidebar": (theme.MUTED_INK, theme.SIDEBAR_BACKGROUND),
    "selected pill / segmented control": (theme.PRIMARY, theme.PRIMARY_TINT),
    "selected language in the sidebar": (theme.PRIMARY, theme.PRIMARY_TINT_SIDEBAR),
    "primary button label": (theme.WHITE, theme.PRIMARY),
    "links": (theme.PRIMARY, theme.WHITE),
    "slip labels in the Gantt": (theme.STATE_COLOURS["late"], theme.WHITE),
    "stop labels in the Gantt": (theme.STATE_COLOURS["stopped"], theme.WHITE),
}


@pytest.mark.parametrize("name", TEXT_PAIRS)
def test_text_and_controls_reach_4_5_to_1(name):
    fg, bg = TEXT_PAIRS[name]
    assert contrast(fg, bg) >= 4.5, f"{name}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


MARKS = {
    **{f"state {k}": v for k, v in theme.STATE_COLOURS.items()},
    **{f"funding {k}": v for k, v in theme.FUNDING_COLOURS.items()},
    **{f"sequence {n}": v for n, v in enumerate(theme.SEQUENCE)},
    "plan": theme.PLAN_COLOUR,
    "actual": theme.ACTUAL_COLOUR,
    "focus ring": theme.PRIMARY,
}


@pytest.mark.parametrize("name", MARKS)
def test_chart_marks_and_the_focus_ring_reach_3_to_1_on_white(name):
    assert contrast(MARKS[name], theme.WHITE) >= 3.0, f"{name}: {MARKS[name]}"


def test_a_tint_is_the_colour_at_that_opacity_over_the_background():
    assert theme.blend("#000000", "#ffffff", 0.5) == "#808080"  # 127.5 rounds to 128
    assert theme.blend("#1f4e9c", "#ffffff", 0.1) == "#e9edf5"  # 0.1*31 + 0.9*255 = 232.6


def test_the_streamlit_theme_uses_the_palette():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert config["primaryColor"] == theme.PRIMARY
    assert config["textColor"] == theme.INK
    assert config["backgroundColor"] == theme.WHITE
    assert config["secondaryBackgroundColor"] == theme.SIDEBAR_BACKGROUND
    assert config["linkColor"] == theme.PRIMARY


# --- colour-vision deficiencies ---------------------------------------------------------------

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")
MIN_DISTANCE = 8.0  # CAM02-UCS ΔE; about 2 is a just-noticeable difference


def _distances(palette: dict[str, str], deficiency: str) -> dict[tuple[str, str], float]:
    from colorspacious import cspace_convert

    def simulated(hex_colour: str):
        rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        seen = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
        return cspace_convert(seen, "sRGB1", "CAM02-UCS")

    points = {k: simulated(v) for k, v in palette.items()}
    return {
        (a, b): float(np.linalg.norm(points[a] - points[b]))
        for a, b in itertools.combinations(palette, 2)
    }


def test_the_simulation_separates_red_and_green_less_for_deuteranopes():
    """The check itself: a classic red/green pair is far apart normally, close under deuteranopia."""
    pair = {"red": "#d62728", "green": "#2ca02c"}
    assert _distances(pair, "deuteranomaly")[("red", "green")] < 15
    assert _distances(pair, "tritanomaly")[("red", "green")] > 25


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize(
    "palette", ["states", "funding"], ids=["milestone states", "funding sources"]
)
def test_state_and_funding_colours_stay_apart_under_colour_blindness(palette, deficiency):
    colours = theme.STATE_COLOURS if palette == "states" else theme.FUNDING_COLOURS
    distances = _distances(colours, deficiency)
    closest = min(distances, key=distances.get)
    assert distances[closest] >= MIN_DISTANCE, f"{closest}: {distances[closest]:.1f}"


def test_every_state_has_its_own_symbol_pattern_and_label_in_both_languages():
    styles = theme.STATE_STYLES
    assert len({s.symbol for s in styles.values()}) == len(styles)
    # plotly has eight fill patterns: the first eight states get one each; a later state may
    # share a pattern (its symbol and label still tell it apart).
    patterns = [s.pattern for s in list(styles.values())[:8]]
    assert len(set(patterns)) == len(patterns)
    for state, style in styles.items():
        for lang in i18n.LANGUAGES:
            assert i18n.t(style.label_key, lang) != state
    assert len(set(theme.FUNDING_PATTERNS.values())) == len(theme.FUNDING_PATTERNS)
    assert set(theme.FUNDING_PATTERNS) == set(theme.FUNDING_COLOURS)


def test_an_unknown_state_gets_a_neutral_style_instead_of_an_error():
    assert theme.state_style("done_date_unknown") == theme.UNKNOWN_STATE
    assert theme.state_marker("late")["pattern"]["shape"] == "x"
    assert "pattern" not in theme.state_marker("done")  # solid
