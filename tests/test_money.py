import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker import money


@pytest.mark.parametrize(
    ("won", "unit", "lang", "expected"),
    [
        (411_600_000_000, "eok", "ko", "4,116억원"),
        (411_600_000_000, "million", "ko", "411,600백만원"),
        (411_600_000_000, "won", "ko", "411,600,000,000원"),
        (2_000_000_000_000, "jo", "ko", "2.00조원"),
        (411_600_000_000, "eok", "en", "KRW 411.6 bn"),
        (411_600_000_000, "million", "en", "KRW 411,600 mn"),
        (-14_900_000_000, "eok", "ko", "-149억원"),
        (150_000_000, "eok", "ko", "2억원"),  # half rounds up, not to even
        (0, "eok", "ko", "0억원"),
    ],
)
def test_it_formats_won_in_the_chosen_unit(won, unit, lang, expected):
    assert money.format_krw(won, unit, lang) == expected


def test_it_marks_approximate_figures_in_both_languages():
    assert money.format_krw(430_000_000_000, "eok", "ko", approximate=True) == "약 4,300억원"
    assert money.format_krw(430_000_000_000, "eok", "en", approximate=True) == "about KRW 430.0 bn"


def test_missing_amounts_show_a_dash_not_zero():
    assert money.format_krw(None) == "—"
    assert money.format_krw(float("nan")) == "—"
    assert money.scale(None, "eok") is None


def test_it_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="Unknown money unit"):
        money.format_krw(1, "dollars")


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (1_234_500_000_000, "1조 2,345억원"),
        (1_000_000_000_000, "1조원"),
        (411_600_000_000, "4,116억원"),
        (3_100_000_000_000, "3조 1,000억원"),
    ],
)
def test_compound_form_reads_like_korean_reports(won, expected):
    assert money.format_krw_compound(won) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_eok_formatting_round_trips_to_the_nearest_eok(won):
    text = money.format_krw(won, "eok", "ko")
    assert text.endswith("억원")
    number = int(text.removesuffix("억원").replace(",", ""))
    assert abs(number * 10**8 - won) <= 10**8 / 2


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["eok", "million", "won"]))
def test_chart_scale_matches_the_unit_label(won, unit):
    for lang in ("ko", "en"):
        divisor = money.chart_divisor(unit, lang)
        assert divisor >= 1
        assert money.unit_label(unit, lang)
    assert money.scale(won, unit) == pytest.approx(won / money.UNITS[unit])
