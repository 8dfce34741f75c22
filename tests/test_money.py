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


# Exact values, worked out by hand, chosen so that plausible one-line mistakes give other text.


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (250_000_000, "3억원"),  # 2.5: half-up gives 3, half-to-even would give 2
        (-250_000_000, "-3억원"),  # the sign is put back after rounding the size
        (249_999_999, "2억원"),  # just under the half
        (350_000_000, "4억원"),  # 3.5 rounds to 4 both ways; with 2.5 above it pins half-up
    ],
)
def test_halves_round_up_never_to_even(won, expected):
    assert money.format_krw(won, "eok", "ko") == expected


def test_defaults_are_eok_in_korean_and_a_dash_for_missing():
    assert money.format_krw(411_600_000_000) == "4,116억원"
    assert money.format_krw(None, missing="-") == "-"
    assert money.format_krw(float("nan"), missing="n/a") == "n/a"
    assert money.format_krw(float(150_000_000)) == "2억원"  # floats are read as their decimal text


@pytest.mark.parametrize(
    ("won", "unit", "lang", "decimals", "expected"),
    [
        (123_456_789, "eok", "ko", 2, "1.23억원"),
        (123_456_789, "million", "ko", 1, "123.5백만원"),
        (2_500_000_000_000, "jo", "en", None, "KRW 2.50 tn"),
        (1_234, "won", "en", None, "KRW 1,234"),
        (-14_900_000_000, "eok", "en", None, "-KRW 14.9 bn"),
        (
            14_850_000_000,
            "eok",
            "en",
            None,
            "KRW 14.9 bn",
        ),  # 14.85: half-up 14.9, half-to-even 14.8
        (1_234_567_000_000, "jo", "ko", None, "1.23조원"),
    ],
)
def test_decimals_units_and_signs(won, unit, lang, decimals, expected):
    assert money.format_krw(won, unit, lang, decimals=decimals) == expected


def test_approximate_is_off_unless_asked():
    assert money.format_krw(430_000_000_000, "eok", "en") == "KRW 430.0 bn"
    assert money.format_krw(430_000_000_000, "eok", "ko") == "4,300억원"


def test_unknown_unit_message_names_the_unit_and_the_choices():
    with pytest.raises(ValueError) as raised:
        money.format_krw(1, "dollars")
    assert str(raised.value) == (
        "Unknown money unit 'dollars'; expected one of ['eok', 'jo', 'million', 'won']"
    )
    with pytest.raises(ValueError) as raised:
        money.scale(1, "dollars")
    assert str(raised.value) == (
        "Unknown money unit 'dollars'; expected one of ['eok', 'jo', 'million', 'won']"
    )


@pytest.mark.parametrize(
    ("won", "unit", "expected"),
    [
        (250_000_000, "eok", 2.5),
        (1_500_000, "million", 1.5),
        (7, "won", 7.0),
        (3_000_000_000_000, "jo", 3.0),
        (-250_000_000, "eok", -2.5),
    ],
)
def test_scale_divides_by_the_unit(won, unit, expected):
    result = money.scale(won, unit)
    assert result == expected
    assert type(result) is float


def test_scale_keeps_missing_values_missing():
    assert money.scale(250_000_000.0, "eok") == 2.5  # a float that is a number is scaled
    assert money.scale(float("nan"), "eok") is None
    assert money.scale(None, "won") is None


@pytest.mark.parametrize(
    ("unit", "lang", "divisor", "label"),
    [
        ("won", "ko", 1, "원"),
        ("million", "ko", 10**6, "백만원"),
        ("eok", "ko", 10**8, "억원"),
        ("jo", "ko", 10**12, "조원"),
        ("won", "en", 1, "KRW"),
        ("million", "en", 10**6, "KRW mn"),
        ("eok", "en", 10**9, "KRW bn"),  # English has no 억: billions
        ("jo", "en", 10**12, "KRW tn"),
    ],
)
def test_chart_divisor_and_label_per_unit_and_language(unit, lang, divisor, label):
    assert money.chart_divisor(unit, lang) == divisor
    assert money.unit_label(unit, lang) == label


@pytest.mark.parametrize(
    ("unit", "ko", "en"),
    [("won", 0, 0), ("million", 0, 0), ("eok", 0, 1), ("jo", 2, 2)],
)
def test_default_decimals(unit, ko, en):
    assert money.default_decimals(unit, "ko") == ko
    assert money.default_decimals(unit, "en") == en


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (-1_234_500_000_000, "-1조 2,345억원"),
        (-50_000_000, "-1억원"),  # 0.5억 rounds up, away from zero
        (250_000_000, "3억원"),
        (999_950_000_000, "1조원"),  # 9,999.5억 rounds up into the next 조
        (1_000_500_000_000, "1조 5억원"),
        (12_345 * 10**12, "12,345조원"),
        (0, "0억원"),
    ],
)
def test_compound_form_edges(won, expected):
    assert money.format_krw_compound(won) == expected


def test_compound_form_missing():
    assert money.format_krw_compound(None) == "—"
    assert money.format_krw_compound(None, missing="n/a") == "n/a"


@pytest.mark.parametrize(
    ("ratio", "lang", "decimals", "expected"),
    [
        (0.4567, "ko", 1, "45.7%"),
        (0.4567, "en", 1, "45.7%"),
        (0.4567, "ko", 2, "45.67%"),
        (1, "ko", 1, "100.0%"),
        (-0.05, "en", 0, "-5%"),
    ],
)
def test_format_percent(ratio, lang, decimals, expected):
    assert money.format_percent(ratio, lang, decimals=decimals) == expected


def test_format_percent_defaults_and_missing():
    assert money.format_percent(0.5) == "50.0%"
    assert money.format_percent(None) == "—"
    assert money.format_percent(float("nan")) == "—"
    assert money.format_percent(None, missing="n/a") == "n/a"
