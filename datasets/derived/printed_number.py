"""Numbers as news stories print them, in English and Chinese: the value, the precision of the
print, and the bound the words put on it.

    >>> p = parse_printed_number("more than 30 million bachelors")
    >>> (p.value, p.precision, p.bound, p.low, p.high, p.words)
    (30000000.0, 1000000.0, 'at_least', 30000000.0, inf, 'bachelors')

The text is NFKC-normalised first (full-width digits, ％ and ， read as 0-9, % and ,), English words
are matched case-insensitively, and this grammar is read:

    [words] [bound / direction phrases] NUMBER [multiplier] [多|余] [percent] [unit] [bound suffix] [words]

* NUMBER: Arabic digits with ',' only between groups of three (15,337,091; 17.52), or a Chinese
  numeral (三千万, 一千七百五十二万, 十二点六) converted by cn2an. A lone Chinese digit (一, 三) is
  read as a word, not a number: it is too common inside words (一些, 三孩).
* multiplier: thousand/k, million/m/mn/mln, billion/bn, trillion; 十 百 千 万 十万 百万 千万 亿 ... 万亿.
* Units: value is in the printed units (persons, cases, per cent, males per 100 females); a percent
  keeps its printed value (12.6 for "12.6%").
* precision: the unit of the last printed digit; trailing zeros count as printed digits
  ("30 million" -> 1e6, "3000万" -> 1e4, "三千万" -> 1e7, colloquial "一千五" -> 100).
* bound: "exact" prints round half up (low = value - precision/2 <= x < value + precision/2);
  "at_least", "at_most", "approximately" come from the phrases in _LEAD_PHRASES / _TRAIL_PHRASES;
  "nearly" words (nearly, 近 ...) are "at_most" within 5% below; 多/余 is "at_least" below the next
  unit of its last non-zero digit (1700多万 -> [17,000,000, 18,000,000), exclusive).

Errors: PrintedNumberError(code, fragment) with code in CODES, never another exception for a str.
Pure function: no streamlit, no file access.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

CODES = ("empty", "too_long", "markup", "not_understood", "no_number", "signed",
         "several_numbers", "too_large")
MAX_CHARS = 200
MAX_VALUE = Decimal("1e13")
MAX_DIGITS = 15  # more significant digits than a float keeps apart from its neighbours

_EN_MULT = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "mln": 6, "m": 6, "billion": 9,
            "bn": 9, "trillion": 12}
_CN_MULT = {"十": 1, "百": 2, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8,
            "十亿": 9, "百亿": 10, "千亿": 11, "万亿": 12}
_PLACE = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}
_CN_DIGITS = "零〇一二两三四五六七八九"

_BOUND_WORDS = {
    "at_least": "more than|over|above|at least|exceeding|upwards of|in excess of|≥|超过|逾|多于|高于|至少",
    "nearly": "nearly|almost|close to|just under|近|将近|接近",
    "at_most": "under|less than|fewer than|up to|at most|≤|不到|不足|低于|少于",
    "approximately": "about|around|approximately|approx.|approx|roughly|some|an estimated|~|≈"
                     "|约|大约|大概|约为",
}
_DIRECTION_WORDS = {
    "decrease": "fell|fallen|dropped|declined|decreased|down|fell by|fallen by|dropped by|declined by"
                "|decreased by|down by|a fall of|a drop of|a decline of|a decrease of"
                "|下降|下降了|减少|减少了|降低|降低了|下跌|下跌了|降幅|降幅为|降幅达",
    "increase": "rose|risen|increased|grew|up|rose by|risen by|up by|increased by|grew by|a rise of"
                "|an increase of|上升|上升了|增长|增长了|增加|增加了|提高|提高了|增幅|增幅为|增幅达",
}
_TRAIL_WORDS = {"at_least": "or more|plus|+|以上|之多", "approximately": "or so|左右|上下",
                "at_most": "or less|or fewer|以下|以内"}
_UNITS = "名儿童|名妇女|人次|人|名|个|起|件|例|对"
_TOLERANCE = {"exact": "rounds to the printed digits (half up)", "at_least": "at least the printed value",
              "nearly": "within 5% below the printed value", "at_most": "at most the printed value",
              "approximately": "within half a unit of the last non-zero digit, or one unit of the last printed digit if wider"}


def _table(groups: dict[str, str]) -> dict[str, str]:
    """{"phrase": "kind"} from {"kind": "phrase|phrase"}."""
    return {p: kind for kind, phrases in groups.items() for p in phrases.split("|")}


def _alternation(phrases) -> str:
    """A regex alternation of the phrases, longest first, any run of spaces for a space."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_LEAD_PHRASES = {p: ("bound", k) for p, k in _table(_BOUND_WORDS).items()}
_LEAD_PHRASES |= {p: ("direction", k) for p, k in _table(_DIRECTION_WORDS).items()}
_TRAIL_PHRASES = _table(_TRAIL_WORDS)
_LEAD_RE = re.compile(rf"(?<![a-z])({_alternation(_LEAD_PHRASES)})\s*$", re.I)
_TRAIL_RE = re.compile(rf"\s*(?P<unit>{_UNITS})?\s*(?P<phrase>{_alternation(_TRAIL_PHRASES)})(?![a-z])", re.I)
_NUMBER_RE = re.compile(rf"""
    (?P<pctpre>百分之)?
    (?: (?P<arabic>[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?) (?P<exp>e[+-]?[0-9]+)?
      | (?P<cn>[{_CN_DIGITS}十][{_CN_DIGITS}十百千万亿]*) (?:点(?P<cndec>[{_CN_DIGITS}]+))? )
    (?P<infix>[多余])?
    (?: \s*(?P<en>{_alternation(_EN_MULT)})(?![a-z]) | \s*(?P<cnmult>[十百千万亿]+) )?
    (?P<postfix>[多余])?
    (?P<pct>\s*(?:%|per\s?cent(?![a-z])))?
    """, re.I | re.X)
#: A word right after the number that reads like a multiplier but is not one of _EN_MULT
#: ("17.52 millions", "2.5 lakh", "3 Milliarden"): refused, never dropped (17.52 would be read).
_UNKNOWN_MULT_RE = re.compile(r"\s*((?:milli|billi|trilli|thousan|lakh|lac|crore|mio|mrd|tausend)[a-z]*)(?![a-z])", re.I)
_MARKUP_RE = re.compile(r"<[^<>]{0,40}>|&#?\w{1,10};|[<>{}\[\]\\|`]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SIGNS = "+-−–±"
_PUNCTUATION = " .,;:!?。，、；：！？"


class PrintedNumberError(ValueError):
    """Text that is not a printed number. Attributes: code (str, one of CODES) and fragment (str:
    the part not understood, possibly ''). str(error) is a sentence for the user."""

    def __init__(self, code: str, fragment: str, message: str):
        super().__init__(message)
        self.code = code
        self.fragment = fragment


@dataclass(frozen=True)
class PrintedNumber:
    """A number as printed. value, precision, low and high are in the printed units (12.6 for
    "12.6%"); low..high is every true value the print admits (see admits()).

    text: the input, stripped. precision: the unit of the last printed digit. bound: "exact",
    "at_least", "at_most" or "approximately". high is math.inf for an open "at_least", low is
    -math.inf for an "at_most" percent. direction: "decrease" / "increase" for a printed change
    ("fell by 88%"), None otherwise ("fell to 111.3" is a level). words: the words not parsed,
    those before the number then those after it, joined by a space ("sex ratio at birth",
    "more men", "人"). tolerance: the rule used, in a short English phrase."""

    text: str
    value: float
    precision: float
    bound: str
    low: float
    high: float
    percent: bool
    direction: str | None
    words: str
    tolerance: str

    def admits(self, x: float) -> bool:
        """Whether a true value x could have been printed this way: low <= x < high for "exact"
        and for 多/余 (an at_least with a finite high), low <= x <= high otherwise."""
        if self.bound == "exact" or (self.bound == "at_least" and math.isfinite(self.high)):
            return self.low <= x < self.high
        return self.low <= x <= self.high


def _strong(m: re.Match) -> bool:
    """A Chinese numeral is a number only with two characters or more (十万, 两千, 十多), or with %."""
    if m["arabic"] or m["pctpre"] or m["pct"]:
        return True
    return sum(len(m[g] or "") for g in ("cn", "cndec", "infix", "cnmult", "postfix")) >= 2


def _cn_place(cn: str) -> int:
    """Exponent of the place of the last digit of a Chinese integer numeral: 三千万 -> 7,
    一千七百五十二万 -> 4, 十万 -> 5 (十 is 一十), 一千五 -> 2 (colloquial: 五 is 五百)."""
    last = max(cn.rfind(d) for d in _CN_DIGITS)
    if last < 0:
        return sum(_PLACE[c] for c in cn)
    if last + 1 < len(cn):
        return sum(_PLACE[c] for c in cn[last + 1:])
    before = cn[last - 1] if last else ""
    return _PLACE[before] - 1 if before and before in "百千万亿" else 0


def _digits(m: re.Match, fragment: str) -> tuple[Decimal, Decimal]:
    """The number before any multiplier, and the unit of its last digit."""
    if m["arabic"]:
        whole, _, decimals = m["arabic"].partition(".")
        groups = whole.split(",")
        if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
            raise PrintedNumberError("not_understood", m["arabic"],
                         f"'{m['arabic']}': a comma belongs only between groups of three digits")
        return Decimal(m["arabic"].replace(",", "")), Decimal(1).scaleb(-len(decimals))
    numeral = m["cn"] + ("点" + m["cndec"] if m["cndec"] else "")
    import cn2an  # 0.2 s to import: loaded by the first Chinese numeral, not by every page

    try:
        number = Decimal(str(cn2an.cn2an(numeral, "smart")))
    except Exception:  # cn2an raises ValueError, KeyError, ... on numerals it cannot read
        number = Decimal("NaN")
    unit = Decimal(1).scaleb(-len(m["cndec"]) if m["cndec"] else _cn_place(m["cn"]))
    units = number / unit
    if not number.is_finite() or number < 0 or abs(units - units.to_integral_value()) > Decimal("1e-6"):
        raise PrintedNumberError("not_understood", fragment, f"'{fragment}' is not a Chinese numeral")
    return units.to_integral_value() * unit, unit


def _phrases(lead: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Bound and direction phrases at the end of the text before the number, nearest first:
    the words left, and [(phrase as printed, "bound" | "direction", kind)]."""
    found = []
    while m := _LEAD_RE.search(lead):
        what, kind = _LEAD_PHRASES[re.sub(r"\s+", " ", m[1].lower())]
        found.append((m[1], what, kind))
        lead = lead[:m.start()].rstrip()
    return lead, found


def parse_printed_number(text: str) -> PrintedNumber:
    """Read the number a news story printed (see the module docstring for the grammar).

    Raises PrintedNumberError (code in CODES) for any str that is not one printed number, and
    TypeError if text is not a str."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    text = text.strip()
    if not text:
        raise PrintedNumberError("empty", "", "no text: type a number as it was printed, e.g. '17.52 million'")
    if len(text) > MAX_CHARS:
        raise PrintedNumberError("too_long", text[:20], f"{len(text)} characters: at most {MAX_CHARS}")
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text.translate(_INVISIBLE))).strip()
    if bad := next((c for c in norm if unicodedata.category(c)[0] == "C" and not c.isspace()), None):
        raise PrintedNumberError("not_understood", bad, f"an invisible or control character (U+{ord(bad):04X})")
    if markup := _MARKUP_RE.search(norm):
        raise PrintedNumberError("markup", markup[0], f"'{markup[0]}': type the printed text without markup")
    m = next((m for m in _NUMBER_RE.finditer(norm) if _strong(m)), None)
    if m is None:
        if re.search(r"(?<![a-z])inf(inity)?(?![a-z])|∞", norm, re.I):
            raise PrintedNumberError("too_large", "inf", "infinity is not a printed figure")
        raise PrintedNumberError("no_number", "", "no number in the text")
    fragment = m[0].strip()
    lead, trail = norm[:m.start()].rstrip(), norm[m.end():]
    if lead and lead[-1] in _SIGNS:
        raise PrintedNumberError("signed", lead[-1] + fragment, f"'{lead[-1]}{fragment}': write the number as"
                     " printed, without a sign, e.g. 'fell by 88%' or 'rose by 3%'")

    if not (m["en"] or m["cnmult"]) and (word := _UNKNOWN_MULT_RE.match(norm, m.end())):
        raise PrintedNumberError("not_understood", word[1], f"'{word[1]}' is not a multiplier this reader knows: "
                                 "write thousand, million, billion, 万 or 亿")
    number, unit = _digits(m, fragment)
    scale = _EN_MULT[m["en"].lower()] if m["en"] else 0
    if m["cnmult"]:
        if m["cnmult"] not in _CN_MULT:
            raise PrintedNumberError("not_understood", m["cnmult"], f"'{m['cnmult']}' is not a multiplier")
        scale = _CN_MULT[m["cnmult"]]
    if m["exp"]:
        if number > 0 and number.adjusted() + int(m["exp"][1:]) + scale >= 13:
            raise PrintedNumberError("too_large", fragment, f"'{fragment}' is larger than {MAX_VALUE:,.0f}")
        raise PrintedNumberError("not_understood", fragment, f"'{fragment}': write the number as printed, not in e-notation")
    value, precision = number.scaleb(scale), unit.scaleb(scale)
    if value > MAX_VALUE:
        raise PrintedNumberError("too_large", fragment, f"'{fragment}' is larger than {MAX_VALUE:,.0f}")
    if value / precision >= Decimal(10) ** MAX_DIGITS:
        raise PrintedNumberError("not_understood", fragment, f"'{fragment}' has more than {MAX_DIGITS} digits")

    lead, phrases = _phrases(lead)
    if tail := _TRAIL_RE.match(trail):
        phrases.append((tail["phrase"], "bound", _TRAIL_PHRASES[tail["phrase"].lower()]))
        trail = (tail["unit"] or "") + trail[tail.end():]
    for what in ("bound", "direction"):
        kinds = [(p, k) for p, w, k in phrases if w == what]
        if clash := next((p for p, k in kinds if k != kinds[0][1]), None):
            raise PrintedNumberError("not_understood", clash, f"'{clash}' contradicts '{kinds[0][0]}'")
    if second := next((n for n in _NUMBER_RE.finditer(trail) if _strong(n)), None):
        raise PrintedNumberError("several_numbers", second[0].strip(), f"a second number, '{second[0].strip()}': "
                     "check one figure at a time")
    lead_words, trail_words = lead.strip(_PUNCTUATION), trail.strip(_PUNCTUATION)
    if digit := next((c for c in lead_words + trail_words if c.isdigit()), None):
        raise PrintedNumberError("not_understood", digit, f"'{digit}': a digit that is not part of the number")

    bound = next((k for p, w, k in phrases if w == "bound"), "exact")
    tolerance, low, high = _TOLERANCE[bound], value - precision / 2, value + precision / 2
    if bound == "at_least":
        low, high = value, Decimal("Infinity")
    elif bound == "nearly":
        low, high = value * Decimal("0.95"), value
    elif bound == "at_most":
        low, high = Decimal("-Infinity") if m["pct"] or m["pctpre"] else Decimal(0), value
    elif bound == "approximately":
        # "about 30 million" rounds to its non-zero digits (25-35 million), and "about 111.3" is
        # still read to one unit of its last digit (111.2-111.4): the wider of the two.
        digits = str(int(number)) if number == number.to_integral_value() and number else ""
        step = max(precision, precision.scaleb(len(digits) - len(digits.rstrip("0"))) / 2)
        low, high = value - step, value + step
    if odd := m["infix"] or m["postfix"]:  # 1700多万: 17,000,000 up to the next 1,000,000
        base = number if m["infix"] else value
        if (m["infix"] and m["postfix"]) or bound not in ("exact", "at_least") or base <= 0 \
                or base != base.to_integral_value():
            raise PrintedNumberError("not_understood", odd, f"'{fragment}': {odd} after this number is not understood")
        digits = str(int(base))
        step = Decimal(1).scaleb(len(digits) - len(digits.rstrip("0")) + (scale if m["infix"] else 0))
        bound, low, high = "at_least", value, value + step
        tolerance = f"between {int(low):,} and {int(high):,} ({odd})"
    return PrintedNumber(
        text=text, value=float(value), precision=float(precision),
        bound="at_most" if bound == "nearly" else bound, low=float(low), high=float(high),
        percent=bool(m["pct"] or m["pctpre"]),
        direction=next((k for p, w, k in phrases if w == "direction"), None),
        words=" ".join(w for w in (lead_words, trail_words) if w), tolerance=tolerance)
