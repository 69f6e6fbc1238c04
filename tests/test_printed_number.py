"""Exact-value tests for datasets.derived.printed_number (numbers as journalists print them)."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from datasets.derived.printed_number import (
    CODES,
    PrintedNumber,
    PrintedNumberError,
    parse_printed_number,
)

INF = math.inf

# text -> value, precision, low, high (bound "exact": low = value - precision/2, high = value + precision/2)
EXACT = [
    ("17.52 million", 17_520_000, 10_000),
    ("17.52m", 17_520_000, 10_000),
    ("17.52M", 17_520_000, 10_000),
    ("17.52 mn", 17_520_000, 10_000),
    ("34.9 mn", 34_900_000, 100_000),
    ("1.4 billion", 1_400_000_000, 100_000_000),
    ("1.4bn", 1_400_000_000, 100_000_000),
    ("15,337,091", 15_337_091, 1),
    ("111.3", 111.3, 0.1),
    ("30 million", 30_000_000, 1_000_000),
    ("2,000,000", 2_000_000, 1),
    ("0.5 million", 500_000, 100_000),
    ("10k", 10_000, 1_000),
    ("12 thousand", 12_000, 1_000),
    ("1,411,778,724", 1_411_778_724, 1),
    ("1,752.5", 1_752.5, 0.1),
    ("0", 0, 1),
    ("１７．５２ million", 17_520_000, 10_000),   # full-width digits and point (NFKC)
    ("1752万", 17_520_000, 10_000),
    ("1,752万", 17_520_000, 10_000),
    ("1，752万", 17_520_000, 10_000),            # full-width comma
    ("1752 万", 17_520_000, 10_000),
    ("3千万", 30_000_000, 10_000_000),
    ("三千万", 30_000_000, 10_000_000),
    ("1.75亿", 175_000_000, 1_000_000),
    ("3490万", 34_900_000, 10_000),
    ("3000万", 30_000_000, 10_000),
    ("一千七百五十二万", 17_520_000, 10_000),
    ("两千", 2_000, 1_000),
    ("十万", 100_000, 100_000),
    ("十二万", 120_000, 10_000),
    ("三十万", 300_000, 100_000),
    ("一千五", 1_500, 100),                       # colloquial: 五 is 五百
    ("两万五", 25_000, 1_000),
    ("一万二千三", 12_300, 100),
    ("三千零五", 3_005, 1),
    ("一亿二千万", 120_000_000, 10_000_000),
    ("1533.7万", 15_337_000, 1_000),
    ("1.234567万", 12_345.67, 0.01),               # cn2an alone would truncate this to 12345
    ("一点七五亿", 175_000_000, 1_000_000),
    ("3万亿", 3_000_000_000_000, 1_000_000_000_000),
    ("5百万", 5_000_000, 1_000_000),
    ("5十万", 500_000, 100_000),
]


@pytest.mark.parametrize(("text", "value", "precision"), EXACT)
def test_exact_values(text, value, precision):
    p = parse_printed_number(text)
    assert (p.value, p.precision, p.bound) == (value, precision, "exact")
    assert (p.low, p.high) == (value - precision / 2, value + precision / 2)
    assert (p.percent, p.direction, p.words) == (False, None, "")
    assert p.tolerance == "rounds to the printed digits (half up)"
    assert p.text == text


@pytest.mark.parametrize("text", ["12.6%", "12.6 %", "12.6％", "12.6 per cent", "12.6 percent",
                                  "12.6 PER CENT", "百分之十二点六"])
def test_percent(text):
    p = parse_printed_number(text)
    assert (p.value, p.precision, p.percent, p.bound) == (12.6, 0.1, True, "exact")
    assert (p.low, p.high) == (12.55, 12.65)


def test_percent_whole_number():
    p = parse_printed_number("88 percent")
    assert (p.value, p.precision, p.percent, p.low, p.high) == (88, 1, True, 87.5, 88.5)


# both sides of each boundary of the half-up rounding: (text, admitted, not admitted)
BOUNDARIES = [
    ("17.52 million", [17_515_000, 17_520_000, 17_524_999], [17_514_999, 17_525_000]),
    ("1752万", [17_515_000, 17_524_999], [17_514_999, 17_525_000]),
    ("34.9 mn", [34_850_000, 34_949_999], [34_849_999, 34_950_000]),
    ("三千万", [25_000_000, 34_999_999], [24_999_999, 35_000_000]),
    ("1.75亿", [174_500_000, 175_499_999], [174_499_999, 175_500_000]),
    ("15,337,091", [15_337_090.5, 15_337_091.49], [15_337_090.49, 15_337_091.5]),
    ("111.3", [111.25, 111.3, 111.349], [111.249, 111.35]),
    ("12.6%", [12.55, 12.649], [12.549, 12.65]),
    ("1700多万", [17_000_000, 17_999_999], [16_999_999, 18_000_000]),
    ("三千多万", [30_000_000, 39_999_999], [29_999_999, 40_000_000]),
    ("十多万", [100_000, 199_999], [99_999, 200_000]),
    ("more than 30 million", [30_000_000, 1e12], [29_999_999]),
    ("nearly 30 million", [28_500_000, 30_000_000], [28_499_999, 30_000_001]),
    ("under 30 million", [0, 30_000_000], [30_000_001, -1]),
    ("about 30 million", [25_000_000, 35_000_000], [24_999_999, 35_000_001]),
    ("about 111.3", [111.2, 111.4], [111.19, 111.41]),
]


@pytest.mark.parametrize(("text", "inside", "outside"), BOUNDARIES)
def test_admits_both_sides_of_each_boundary(text, inside, outside):
    p = parse_printed_number(text)
    assert all(p.admits(x) for x in inside), [x for x in inside if not p.admits(x)]
    assert not any(p.admits(x) for x in outside), [x for x in outside if p.admits(x)]
    assert not p.admits(math.nan)


# bound words before the number, English and Chinese: bound, low, high for 30,000,000
LEAD_BOUNDS = {
    "at_least": (["more than", "over", "above", "at least", "exceeding", "upwards of", "in excess of",
                  "More Than", "OVER", "超过", "逾", "多于", "高于", "至少"], 30_000_000, INF),
    "nearly": (["nearly", "almost", "close to", "just under", "Nearly", "近", "将近", "接近"],
               28_500_000, 30_000_000),
    "at_most": (["under", "less than", "fewer than", "up to", "at most", "不到", "不足", "低于", "少于"],
                0, 30_000_000),
}
CASES_LEAD = [(w, kind, low, high) for kind, (ws, low, high) in LEAD_BOUNDS.items() for w in ws]


@pytest.mark.parametrize(("word", "kind", "low", "high"), CASES_LEAD)
def test_bound_words_before(word, kind, low, high):
    number = "3000万" if word[0] > "\u2e80" else " 30 million"
    p = parse_printed_number(word + number)
    assert (p.value, p.low, p.high, p.words) == (30_000_000, low, high, "")
    assert p.bound == ("at_most" if kind == "nearly" else kind)
    assert p.tolerance == {"at_least": "at least the printed value",
                           "nearly": "within 5% below the printed value",
                           "at_most": "at most the printed value"}[kind]


@pytest.mark.parametrize("word", ["about", "around", "approximately", "roughly", "some", "an estimated",
                                  "~", "approx.", "About"])
def test_approximately_english(word):
    p = parse_printed_number(f"{word} 30 million")
    assert (p.bound, p.low, p.high, p.words) == ("approximately", 25_000_000, 35_000_000, "")  # 30 million rounded to its 3
    assert p.tolerance == "within half a unit of the last non-zero digit, or one unit of the last printed digit if wider"


@pytest.mark.parametrize("word", ["约", "大约", "大概", "约为"])
def test_approximately_chinese(word):
    p = parse_printed_number(word + "3490万")
    assert (p.bound, p.value, p.low, p.high) == ("approximately", 34_900_000, 34_850_000, 34_950_000)  # 3490万 rounded to its 9


@pytest.mark.parametrize(("text", "bound", "low", "high", "words"), [
    ("30 million or more", "at_least", 30_000_000, INF, ""),
    ("30 million plus", "at_least", 30_000_000, INF, ""),
    ("10,000+", "at_least", 10_000, INF, ""),
    ("10,000+ victims", "at_least", 10_000, INF, "victims"),
    ("3000万以上", "at_least", 30_000_000, INF, ""),
    ("3000万人以上", "at_least", 30_000_000, INF, "人"),
    ("3000万之多", "at_least", 30_000_000, INF, ""),
    ("111.3左右", "approximately", 111.2, 111.4, ""),
    ("111.3上下", "approximately", 111.2, 111.4, ""),
    ("约3000万人左右", "approximately", 25_000_000, 35_000_000, "人"),
    ("1500万左右", "approximately", 14_500_000, 15_500_000, ""),
    ("30 million or so", "approximately", 25_000_000, 35_000_000, ""),
    ("30 million or fewer", "at_most", 0, 30_000_000, ""),
])
def test_bound_words_after(text, bound, low, high, words):
    p = parse_printed_number(text)
    assert (p.bound, p.low, p.high, p.words) == (bound, low, high, words)


def test_at_most_percent_is_unbounded_below():
    p = parse_printed_number("less than 5%")
    assert (p.bound, p.low, p.high, p.percent) == ("at_most", -INF, 5, True)
    assert parse_printed_number("不足1%").low == -INF


@pytest.mark.parametrize(("text", "low", "high", "tolerance"), [
    ("1700多万", 17_000_000, 18_000_000, "between 17,000,000 and 18,000,000 (多)"),
    ("3000余万", 30_000_000, 40_000_000, "between 30,000,000 and 40,000,000 (余)"),
    ("三千多万", 30_000_000, 40_000_000, "between 30,000,000 and 40,000,000 (多)"),
    ("十多万", 100_000, 200_000, "between 100,000 and 200,000 (多)"),
    ("三十多万", 300_000, 400_000, "between 300,000 and 400,000 (多)"),
    ("3万多人", 30_000, 40_000, "between 30,000 and 40,000 (多)"),
    ("1.5万多", 15_000, 16_000, "between 15,000 and 16,000 (多)"),
    ("1752万多", 17_520_000, 17_530_000, "between 17,520,000 and 17,530,000 (多)"),
    ("十多名儿童", 10, 20, "between 10 and 20 (多)"),
    ("超过1700多万", 17_000_000, 18_000_000, "between 17,000,000 and 18,000,000 (多)"),
])
def test_duo_yu_ranges(text, low, high, tolerance):
    p = parse_printed_number(text)
    assert (p.bound, p.value, p.low, p.high, p.tolerance) == ("at_least", low, low, high, tolerance)
    assert p.admits(low) and not p.admits(high)


def test_duo_precision_is_the_printed_digit():
    assert parse_printed_number("1700多万").precision == 10_000
    assert parse_printed_number("三千多万").precision == 10_000_000


@pytest.mark.parametrize(("text", "words"), [
    ("34.9 million more men", "more men"),
    ("more than 30 million bachelors", "bachelors"),
    ("sex ratio at birth 111.3", "sex ratio at birth"),
    ("1,752万人", "人"), ("3000万名", "名"), ("500个", "个"), ("1,200起", "起"), ("300件", "件"),
    ("45例", "例"), ("500名儿童", "名儿童"), ("3000万对", "对"),
    ("The surplus is 34.9 million.", "The surplus is"),
    ("出生性别比为111.3", "出生性别比为"),
    ("fell to 111.3", "fell to"),   # a level, not a change: no direction
])
def test_words(text, words):
    assert parse_printed_number(text).words == words


DECREASE = ["fell by", "fallen by", "dropped by", "down", "down by", "declined by", "decreased by",
            "a fall of", "a drop of", "fell", "Fell By", "下降", "下降了", "减少", "减少了", "降低", "降幅为"]
INCREASE = ["rose by", "risen by", "up", "up by", "increased by", "a rise of", "rose",
            "上升", "增长", "增加", "增长了"]


@pytest.mark.parametrize(("phrase", "direction"),
                         [(p, "decrease") for p in DECREASE] + [(p, "increase") for p in INCREASE])
def test_direction(phrase, direction):
    p = parse_printed_number(phrase + ("88%" if phrase[0] > "\u2e80" else " 88%"))
    assert (p.direction, p.value, p.percent, p.bound, p.words) == (direction, 88, True, "exact", "")


@pytest.mark.parametrize(("text", "direction", "bound", "low", "high"), [
    ("fell by more than 80%", "decrease", "at_least", 80, INF),
    ("down by nearly 10%", "decrease", "at_most", 9.5, 10),
    ("rose by about 5%", "increase", "approximately", 4, 6),
    ("up to 5%", None, "at_most", -INF, 5),
    ("down by up to 10%", "decrease", "at_most", -INF, 10),
    ("下降了近10%", "decrease", "at_most", 9.5, 10),
    ("增长了约12.6%", "increase", "approximately", 12.5, 12.7),
    ("减少了超过30%", "decrease", "at_least", 30, INF),
])
def test_direction_with_bound(text, direction, bound, low, high):
    p = parse_printed_number(text)
    assert (p.direction, p.bound) == (direction, bound)
    assert (p.low, p.high) == pytest.approx((low, high))


# every error code, with the fragment it names
ERRORS = [
    ("", "empty", ""),
    ("   \n\t", "empty", ""),
    ("abc", "no_number", ""),
    ("million", "no_number", ""),
    ("more than", "no_number", ""),
    ("nan", "no_number", ""),
    ("一些人", "no_number", ""),                   # a lone 一 is a word, not a number
    ("inf", "too_large", "inf"),
    ("-inf", "too_large", "inf"),
    ("1e999", "too_large", "1e999"),
    ("1e20", "too_large", "1e20"),
    ("20,000,000,000,000", "too_large", "20,000,000,000,000"),
    ("20 trillion", "too_large", "20 trillion"),
    ("1" * 190, "too_large", "1" * 190),
    ("九九九九九九九九九九九九九九九九九", "too_large", "九九九九九九九九九九九九九九九九九"),
    ("-15 million", "signed", "-15 million"),
    ("+3%", "signed", "+3%"),
    ("−3%", "signed", "−3%"),
    ("fell by -3%", "signed", "-3%"),
    ("<b>17.52 million</b>", "markup", "<b>"),
    ("17.52 million<script>", "markup", "<script>"),
    ("{17.52} million", "markup", "{"),
    ("17.52 million &amp; more", "markup", "&amp;"),
    ("17.52 million and 3 million", "several_numbers", "3 million"),
    ("1752万和三千万", "several_numbers", "三千万"),
    ("30-40 million", "several_numbers", "40 million"),
    ("111.3 in 2020", "several_numbers", "2020"),
    ("17,52 million", "not_understood", "17,52"),
    ("1752,000", "not_understood", "1752,000"),
    ("1e5", "not_understood", "1e5"),
    ("1.00000000000000000001", "not_understood", "1.00000000000000000001"),
    ("about 30 million or more", "not_understood", "or more"),
    ("fell by rose by 3%", "not_understood", "fell by"),
    ("近1700多万", "not_understood", "多"),
    ("1.5多万", "not_understood", "多"),
    ("十十十", "not_understood", "十十十"),
    ("3亿万", "not_understood", "亿万"),
    ("30 million ٣", "not_understood", "٣"),
    ("30\x00 million", "not_understood", "\x00"),
    ("30 million\u202e", "not_understood", "\u202e"),
    ("1" * 201, "too_long", "1" * 20),
    ("x" * 5000, "too_long", "x" * 20),
]


@pytest.mark.parametrize(("text", "code", "fragment"), ERRORS)
def test_errors(text, code, fragment):
    with pytest.raises(PrintedNumberError) as info:
        parse_printed_number(text)
    assert (info.value.code, info.value.fragment) == (code, fragment)
    assert isinstance(info.value, ValueError) and str(info.value)


def test_every_code_is_tested_and_listed():
    assert {code for _, code, _ in ERRORS} == set(CODES)


def test_signed_message_says_how_to_write_it():
    with pytest.raises(PrintedNumberError, match="fell by 88%"):
        parse_printed_number("-88%")


def test_invisible_characters_and_spaces_are_ignored():
    p = parse_printed_number("\u200b 17.52\u00a0million\u3000")
    assert (p.value, p.precision, p.text) == (17_520_000, 10_000, "\u200b 17.52\u00a0million")


def test_not_a_str():
    with pytest.raises(TypeError):
        parse_printed_number(17.52)  # type: ignore[arg-type]


def test_result_is_frozen():
    p = parse_printed_number("1752万")
    assert isinstance(p, PrintedNumber)
    with pytest.raises(AttributeError):
        p.value = 1  # type: ignore[misc]


def _check_any_text(text: str) -> None:
    try:
        p = parse_printed_number(text)
    except PrintedNumberError as error:
        assert error.code in CODES
        return
    assert p.low <= p.value <= p.high
    assert p.admits(p.value)
    assert p.precision > 0
    assert p.bound in ("exact", "at_least", "at_most", "approximately")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
@example("1e999")
@example("１７．５２亿多")
@example("\ud800")
@example("0." + "0" * 190 + "1")
@example("1" + "0" * 12 + "多")
def test_any_text_parses_or_raises_printed_number_error(text):
    _check_any_text(text)


# text made of the pieces the grammar reads, so that most examples get past the first checks
PIECES = ["0", "1", "5", "9", "00", ",", ".", " ", "%", "+", "-", "e", "万", "亿", "千", "十", "百",
          "多", "余", "一", "三", "两", "零", "点", "million", "mn", "bn", "k", "per cent", "more than",
          "nearly", "about", "up to", "fell by", "or more", "约", "超过", "近", "以上", "左右", "人", "~"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_number_like_text_parses_or_raises_printed_number_error(text):
    _check_any_text(text)


@pytest.mark.parametrize("text, word", [("17.52 millions", "millions"), ("17.52 millionen", "millionen"), ("2.5 lakh", "lakh"),
                                        ("3 Milliarden", "Milliarden"), ("3 mio", "mio")])
def test_an_unknown_multiplier_is_refused_not_dropped(text, word):
    """A word that reads like a multiplier but is none this reader knows was left among the
    words, so "17.52 millions" was read as 17.52."""
    with pytest.raises(PrintedNumberError) as err:
        parse_printed_number(text)
    assert (err.value.code, err.value.fragment) == ("not_understood", word)
    assert parse_printed_number("17.52 million people").value == 17_520_000  # a known one keeps its words
