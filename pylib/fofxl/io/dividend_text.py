"""What a 分红送配 cell says: a cash dividend a unit, a split or share conversion ratio (SPEC §12).

A cash dividend is read from the forms vendors and announcements write it in (``每10份派1.20元``
is 0.12 a unit; ``每份分红0.05元``, ``每百份派5.00元``, Wind's ``10派0.5元``,
``派现金红利0.05元/份``, ``现金分红0.5元/10份``, ``现金红利：0.0500元/份``, with or without 含税;
``每份分红0.0500`` without 元 where the amount ends its clause; ``0.0500元/份`` or
``0.5元/10份`` without a word where the cell holds it alone), amounts added to it added and
amounts after tax, totals, parts and other figures left out (:func:`cash_per_unit`). A split or
share conversion ratio is read only next to its word or its 比例, never from a date or a time of
day (``拆分比例1:1.5``, 天天基金's ``拆分：每份基金份额折算1.0234份``, ``份额折算：1:0.985``,
``缩股2:1``: :func:`split_ratio`). Anything else is not guessed at: the importer
(:mod:`fofxl.io.adjusted`) quotes a text it cannot read.
"""

from __future__ import annotations

import math
import re

from ..clean import _as_typed

__all__ = [
    "cash_per_unit",
    "names_cash",
    "payment_amounts",
    "per_unit_cells",
    "split_ratio",
    "text_event",
]

#: A dividend column whose header names the cash a unit (每份分红, 每份分红(元)).
_PER_UNIT_HEADER = re.compile(r"\s*每\s*份\s*(?:分红|派息|红利)")
#: A cell that is a number and nothing else.
_BARE_NUMBER = re.compile(r"\s*\d+(?:\.\d+)?\s*")


def per_unit_cells(texts: list[tuple[int, str]], header: str) -> list[tuple[int, str]]:
    """The cells of the dividend column, in a column headed 每份分红 a cell that is a number
    alone (0.03, as an analyst's sheet keeps it) written as the cash a unit it is (0.03元/份);
    a 0 there is no dividend."""
    if not _PER_UNIT_HEADER.match(header):
        return texts
    out = []
    for i, text in texts:
        if _BARE_NUMBER.fullmatch(text):
            if float(text) == 0.0:
                continue
            text = f"{text.strip()}元/份"
        out.append((i, text))
    return out


_NUMBER = r"(\d+(?:\.\d+)?)"
_FIRST = r"(?<![\d.:])" + _NUMBER  # a number that does not go on from another
#: The words a split, share conversion or share merge is written with; 变 only as 变(为)N份,
#: 折 only as 折为N份 (每份折为1.0153份).
_WORD = (
    r"(?:分拆|拆分|折算|缩并|合并|缩股|拆|变(?=\s*[为成]?\s*\d+(?:\.\d+)?\s*份)"
    r"|折(?=\s*[为成]\s*\d+(?:\.\d+)?\s*份))"
)
_SPLIT_WORD = re.compile(_WORD)
#: Dates and times of day in a 分红送配 cell (2023年3月14日, 2023-03-14, 10:30 after a date,
#: 10:30:00): masked before a ratio is read, so that 10:30 is never 1:3 nor 2023年1:30 a 30.
_DATES = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*[日号]?)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
)
_TIMES = re.compile(r"(?:(?<=〇)|(?<=〇[\sT]))\s*\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}:\d{2}:\d{2}")
#: A time of day with no date before it (10:30, 1:05): never a ratio straight after its word.
_CLOCK = r"\d{1,2}\s*:\s*[0-5]\d(?![\d.])"
#: A time of day that is no ratio however it is written (10:30, 9:45): a ratio's first number
#: is 1 (1:1.5, 1:10) or its second a single digit (合并 2:1, 缩股 10:1).
_CLOCKLIKE = r"(?:[2-9]|1\d|2[0-3])\s*:\s*[0-5]\d(?![\d.])"
#: The words a ratio is stated with after its split word: 折算比例, 折算比率, 折算系数.
_RATIO = r"(?:比例|比率|系数)"
#: A ratio one unit to N units (N / a for a:b, b / a for 每a份…b份), each next to its word:
#: 拆分比例1:1.5, 拆分,比例1:1.5, 拆分比例:1:1.5, 份额折算：1:0.985,
#: 份额合并 2:1 (0.5), 缩股2:1 (0.5), 按1:1.5拆分, 按照1:0.985的比例进行份额折算,
#: 每份基金份额分拆2.0000份, 天天基金's 拆分：每份基金份额折算1.012175663份,
#: 每10份基金份额折算为12份 (1.2), 每份基金份额折算后为0.985份, 每2份合并为1份 (0.5),
#: 1拆1.5, 1份拆分为1.5份, 折算后1份变为2份, 拆分比例1.5, 折算比例:1.0234,
#: 折算比率为0.985, 份额折算系数1.0153, 份额折算：0.98512345,
#: 折算后份额为原份额的1.0234倍, 份额折算，每份折为1.0153份; and a:b after 比例 away from its
#: word (份额拆分，15:00前确认，比例1:2).
_SPLIT_FORMS = (
    re.compile(
        rf"{_WORD}[^\d:]{{0,6}}?(?!{_CLOCKLIKE}){_FIRST}\s*[:]\s*{_NUMBER}(?![\d.:])"
    ),  # 拆分比例a:b, never 份额拆分 10:30
    re.compile(
        rf"{_WORD}[^\d:]{{0,6}}?{_RATIO}\s*:\s*{_NUMBER}\s*:\s*{_NUMBER}(?![\d.:])"
    ),  # 比例:a:b
    re.compile(
        rf"{_WORD}\s*:\s*(?!{_CLOCK}){_NUMBER}\s*:\s*{_NUMBER}(?![\d.:])"
    ),  # 份额折算:a:b, never 拆分:10:30
    re.compile(
        rf"{_FIRST}\s*[:]\s*{_NUMBER}(?:的?{_RATIO})?(?:进行)?(?:基金)?(?:份额)?{_WORD}"
    ),  # 按a:b拆分, 按a:b的比例进行份额折算
    re.compile(
        rf"每\s*(\d*)\s*份[^\d]{{0,10}}?{_WORD}\s*后?\s*(?:为|成)?\s*{_NUMBER}\s*份"
    ),  # 每a份…b份
    re.compile(rf"{_FIRST}\s*份?\s*{_WORD}\s*(?:为|成)?\s*{_NUMBER}"),  # a拆b, a份拆分为b份
    re.compile(rf"{_WORD}[^\d:]{{0,6}}?{_RATIO}\s*[:为是]?\s*{_NUMBER}(?![\d.]|\s*[:])"),  # 比例N
    re.compile(rf"{_WORD}\s*:\s*{_NUMBER}(?![\d.]|\s*[:元])"),  # 份额折算：N
    re.compile(rf"{_WORD}[^\d:]{{0,12}}?{_NUMBER}\s*倍"),  # 原份额的N倍
    re.compile(rf"{_WORD}\s*(?:为|成)?\s*{_NUMBER}\s*份"),  # 折算0.5份
    re.compile(
        rf"{_RATIO}\s*[:为是]?\s*(?!{_CLOCKLIKE}){_FIRST}\s*:\s*{_NUMBER}(?![\d.:])"
    ),  # 份额拆分，15:00前确认，比例1:2: a:b after 比例 in a text with its word
)


def split_ratio(text: str) -> float | None:
    """Units one unit became at a split, share conversion or share merge a 分红送配 cell gives
    (1.5 for 拆分比例1:1.5, 0.5 for 份额合并 2:1, 1.2 for 每10份…折算为12份), None when it gives
    none. A ratio is read only next to its word (:data:`_SPLIT_FORMS`), never from a date or a
    time of day."""
    text = _as_typed(text).replace("∶", ":")  # (U+2236 RATIO has no NFKC form)
    if not _SPLIT_WORD.search(text):
        return None
    text = _TIMES.sub("〇", _DATES.sub("〇", text))
    for form in _SPLIT_FORMS:
        match = form.search(text)
        if match:
            numbers = [float(x or 1) for x in match.groups()]
            ratio = numbers[-1] / numbers[0] if len(numbers) == 2 and numbers[0] else numbers[-1]
            return ratio if ratio > 0 else None
    return None


#: A word naming a cash dividend in a 分红送配 cell.
_CASH_WORD = r"(?:派|分红|红利|分配|现金)"
#: A number that is no part of a date, a time (15:30) or a longer number; a colon after a word
#: may come before it (现金红利：0.05元).
_FREE = r"(?<![\d./\-])(?<!\d:)(\d+(?:\.\d+)?)"
#: An amount in 元.
_AMOUNT = _FREE + r"\s*元"
#: An amount without 元 that ends the text or its clause (每份分红0.0500, 每10份派0.5(含税)).
_BARE = _FREE + r"(?=\s*(?:[(（]\s*含税\s*[)）]|含税)?\s*(?:$|[，,；;。、\s]))"
#: 含税 (tax included) after an amount, in brackets or not.
_TAX = r"\s*[(（]?\s*(?:含税)?\s*[)）]?"
#: The units an amount is for: 10, 十, 百 ... (none: one unit).
_UNITS = r"(\d*|[十百千])"
#: A cash dividend in a 分红送配 cell, the units it is for and the amount (the forms marked
#: False, the units after the amount): 每份派现金0.0800元 (天天基金), 每10份派发现金红利0.50元,
#: 每份分红0.05元, 每百份派5.00元, 分红：每份0.05元, 10派0.5元 (Wind), 派现金红利0.05元/份,
#: 现金分红0.5元/10份, 现金红利：0.0500元/份, each also with 含税 or (含税) after 元; and
#: 每份分红0.0500, 每10份派0.5 without 元, the amount ending the text or its clause; and
#: 每份0.05元, an amount in 元 right after the units (A类每份0.05元).
_CASH_FORMS = (
    (re.compile(r"每\s*" + _UNITS + r"\s*份[^\d]*?" + _CASH_WORD + r"[^\d]*?" + _AMOUNT), True),
    (re.compile(_CASH_WORD + r"[^\d]*?每\s*" + _UNITS + r"\s*份[^\d]*?" + _AMOUNT), True),
    (re.compile(r"(?<![\d.:/\-])(1|10|100|1000)\s*派[^\d]*?" + _AMOUNT), True),
    (re.compile(_CASH_WORD + r"[^\d]*?" + _AMOUNT + _TAX + r"\s*/\s*" + _UNITS + r"\s*份"), False),
    (re.compile(r"每\s*" + _UNITS + r"\s*份[^\d]*?" + _CASH_WORD + r"[^\d]*?" + _BARE), True),
    (re.compile(_CASH_WORD + r"[^\d]*?每\s*" + _UNITS + r"\s*份[^\d]*?" + _BARE), True),
    (re.compile(r"每\s*" + _UNITS + r"\s*份\s*:?\s*" + _AMOUNT), True),
)
#: A cell that is an amount a unit and nothing else, without a word (0.0500元/份, 0.5元/10份):
#: in a 分红送配 column nothing but a cash dividend can be meant; and the English forms, alone
#: in their cell (Dividend: 0.0500 per unit, 0.5 per 10 units, RMB0.05 per unit).
_AMOUNT_ALONE = (
    re.compile(r"\s*" + _AMOUNT + _TAX + r"\s*/\s*" + _UNITS + r"\s*份" + _TAX),
    re.compile(
        r"(?i)\s*(?:(?:cash\s+)?dividends?\s*:?\s*)?(?:(?:cny|rmb)\s*)?" + _FREE
        + r"\s*(?:元|yuan|cny|rmb)?\s*per\s*(\d*)\s*units?\s*"
    ),
)  # fmt: skip
_CHINESE_UNITS = {"": 1.0, "十": 10.0, "百": 100.0, "千": 1000.0}
#: The number of units a text states an amount for: 每10份, 每百份, 10派, /10份.
_STATED_UNITS = re.compile(r"每\s*(\d+|[十百千])\s*份|(?<![\d.])(\d+)\s*派|/\s*(\d+)\s*份")
#: The numbers of units an amount may be stated for (每份, 每10份, 每百份, 每千份).
_UNIT_COUNTS = (1.0, 10.0, 100.0, 1000.0)
#: Every amount a 分红送配 cell names: in 元, or after a cash word (另派0.01; not the count of
#: units in 分红 10派0.8元, nor a date or a time: 红利再投资日2023-06-16).
_NAMED_AMOUNTS = (
    re.compile(_AMOUNT),
    re.compile(_CASH_WORD + r"[^\d]*?" + _FREE + r"(?![\d.]|\s*[派份\-/年月日:：%％])"),
)
#: A number written with thousands separators (共派发现金红利12,345,678.90元).
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: A fund's total payout in 万元 or 亿元 (合计派发0.6亿元, 共派发1,234.57万元): written out in
#: 元, so that it reads as the total it is, far above any amount a unit.
_TOTAL_IN = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿])\s*元")
_TOTAL_SCALE = {"万": 1e4, "亿": 1e8}
#: An amount a cash word names in 分 (0.01元) or 角 (0.1元): 每份派5分, 每10份派现金红利3角 (not
#: 分红, 分配 or 5分钟).
_IN_FEN = re.compile(_CASH_WORD + r"([^\d，,；;。]{0,8}?)" + _FREE + r"\s*([分角])(?![红配钟])")
_FEN_SCALE = {"分": 0.01, "角": 0.1}
#: A clause quoting a figure other than the dividend: a NAV (净值 with no cash word after it),
#: the dividends since launch (累计, 成立以来), a total (合计, 共计, 总计).
_TOTAL_WORD = re.compile(r"合计|共计|总计")
_QUOTES = re.compile(
    r"净值(?![^，,；;。]*?" + _CASH_WORD + r")|累计|成立以来|" + _TOTAL_WORD.pattern
)
#: After tax (税后, 扣税后, 个人投资者税后): the amount a holder nets, not what left the NAV.
_AFTER_TAX = "税后"
#: A bracket naming a number after tax (每10份派0.50元(税后0.40元)): a clause of its own.
_TAXED_BRACKET = re.compile(r"[(（](?=[^()（）]*税后)(?=[^()（）]*\d)[^()（）]*[)）]")
#: An amount marked after tax in brackets, and a last clause giving the amount before tax with
#: no units of its own (每份派0.045元（税后），税前0.05元; 每10份派0.45元(扣税后)，税前为0.5元).
_TAX_RESTATED = re.compile(
    r"(?<![\d./\-])\d+(?:\.\d+)?\s*元\s*[(（]\s*扣?税后\s*[)）](?P<rest>[^，,；;。]*)[，,；;。]\s*"
    r"税前\s*[:：为]?\s*(?P<before>\d+(?:\.\d+)?)\s*元\s*[。]?\s*$"
)
#: Where a clause ends (after its delimiter).
_CLAUSE_END = re.compile(r"(?<=[，,；;。])")
#: Where an amount added to the one before begins: 另, 另派, 另每10份…, 另外, 加派, + (not 另行,
#: 'in due course': 发放日另行公告, nor 另一类, 'the other class').
_ADDITION = re.compile(r"另(?![行一])外?|加派|[+＋]")
#: A share class (A类, C类份额): an amount added for another class is not this fund's.
_CLASS = re.compile(r"[A-Za-z]\s*类|类份额")
#: A special dividend (特别分红, 特别红利), added where it is named in a later clause; not where
#: the clause says it is part of the amount before (其中特别分红0.01元).
_SPECIAL = re.compile(r"特别(?:分红|红利)")
#: Words saying an amount is part of another (其中, 包括, 包含, 含特别分红, 另含, 已含在上述金额内;
#: not 含税, tax included): a text adding amounts that says one holds another is not read.
_PART_OF = re.compile(r"其中|包括|包含|含(?!\s*税)")
#: Words saying the term they end is already in the amount before (另派0.01元（特别分红，已含在上述
#: 金额内）; 已包含在以上金额中): a part of it, not an addition.
_IN_THE_ABOVE = re.compile(r"(?:已|均)?包?含在(?:上述|以上|前述)[^，,；;。()（）]*?(?:内|中)")
#: The start of a bracket or a clause giving the parts of the amount before it: 其中, 包括, 包含,
#: 含 (not 含税, tax included; not 另含, 'also holds', which may add).
_PARTS = re.compile(r"\s*(?:" + _PART_OF.pattern + ")")
#: A bracket holding amounts added and nothing else ((0.05元+0.01元)): the parts of the amount
#: before it, restated.
_SUM_BRACKET = re.compile(
    r"[(（]\s*(\d+(?:\.\d+)?\s*元?(?:\s*[+＋]\s*\d+(?:\.\d+)?\s*元?)+)\s*[)）]"
)
#: A bracket (its content the group), full-width or not.
_BRACKET = re.compile(r"[(（]([^()（）]*)[)）]")
#: Units given free (送, 赠送 0.1份): a bonus in units, not a cash dividend.
_BONUS_UNITS = re.compile(r"[送赠][^，,；;。\d]*\d+(?:\.\d+)?\s*份")
#: An added amount stated without units (另派0.01, 另派0.0100元, 特别分红0.01元): on the basis
#: of the amount it is added to.
_ADDED_AMOUNT = re.compile(r"[^\d，,；;。]*?" + _FREE + r"(?![\d.])")
#: The ends of a clause or a term left when a text is cut.
_SEPARATORS = "，,；;。、 \t"
#: A text that names a cash dividend with an amount in 元 (:func:`names_cash`).
_NAMES_CASH = re.compile(r"(?:分红|派|红利)[^元]*?\d(?:\.\d+)?\s*元|\d\s*元.*?(?:分红|派|红利)")
#: A text that names a cash payment, with or without 元 (:func:`payment_amounts`): 分红, 派,
#: 红利, 每份 / 每10份 and an amount (A类每份0.05元), or dividend / distribution in English.
_PAYMENT = re.compile(r"(?i)分红|派|红利|每\s*(?:\d+|[十百千])?\s*份|dividend|distribution")


def cash_per_unit(text: str) -> float | None:
    """The cash dividend per unit a 分红送配 cell gives (0.12 for 每10份派1.20元, 0.05 for
    10派0.5元, 现金分红0.5元/10份, 每份分红0.0500 or a cell of 0.5元/10份 alone), else None.

    An amount added to it is added (0.06 for 0.05元/份，另派0.01元/份, 每份派0.03元+每份派0.02元
    or 每10份派0.50元，另每10份派0.10元特别分红), on the basis of the amount before it unless it
    states its own; an amount after tax is not read (0.05 for 每份派0.05元，税后0.045元: the NAV
    falls by the amount before tax), nor a fund's total payout (合计派发0.6亿元), nor a clause
    quoting another figure (合计0.06元 after its parts, a NAV, the dividends since launch:
    :func:`_without_quotes`) or giving the parts of the amount (含特别分红0.2元, 其中…:
    :func:`_without_parts`; 另派0.01元（已含在上述金额内）). Amounts in 分 or 角 are read in
    元. Any other amount the text names that is not the one read makes it None (two share
    classes, two amounts side by side, a total or parts that do not add up): not guessed at
    (the importer warns of an unread text naming a cash dividend)."""
    text = _before_tax(_in_yuan(_as_typed(text)))  # (full-width digits: 每份派现金０．０５元)
    text, totals = _without_quotes(text)
    text, sums = _without_sums(text)
    text, parts = _without_parts(text)
    terms = _added_terms(text)
    included = [term for term in terms[1:] if _IN_THE_ABOVE.search(term)]
    if included:  # an added term saying it is already in the amount before is a part
        parts += [x for term in included for x in _amounts_named(term)]
        terms = terms[:1] + [term for term in terms[1:] if term not in included]
        text = "，".join(terms)
    if not terms or _BONUS_UNITS.search(text) or (len(terms) > 1 and _PART_OF.search(text)):
        return None
    total, basis = 0.0, None
    for k, term in enumerate(terms):
        read = _term_amount(term, k > 0, basis)
        if read is None:
            return None
        total += read[0]
        basis = read[1]
    if not _is_multiple(totals + sums, total):  # 合计0.07元 after 0.05元 and 0.01元: not read
        return None
    if parts and (basis is None or sum(parts) > total * basis * (1 + 1e-9)):
        return None  # parts that add up to more than the amount: not read
    return round(total, 12)


def _is_multiple(values: list[float], amount: float) -> bool:
    """Whether each of ``values`` is ``amount`` for some number of units (:data:`_UNIT_COUNTS`)
    or a fund's total payout (over a thousand times it)."""
    return all(
        v > amount * _UNIT_COUNTS[-1] * 1.001
        or any(math.isclose(v, amount * k, rel_tol=1e-9) for k in _UNIT_COUNTS)
        for v in values
    )


def _without_quotes(text: str) -> tuple[str, list[float]]:
    """``text`` without the clauses that quote a figure other than this dividend (a NAV:
    除息日每份净值1.6012元; the dividends since launch: 成立以来累计每份分红0.35元; the total of
    the parts before it: 合计0.06元), where another clause names an amount; and the amounts the
    totals dropped name (the dividend read must agree with them)."""
    clauses = _CLAUSE_END.split(text)
    quoted = [bool(_QUOTES.search(c)) for c in clauses]
    if not any(quoted) or not any(
        _names_amount(c) for c, q in zip(clauses, quoted, strict=True) if not q
    ):
        return text, []
    totals = [
        v
        for c, q in zip(clauses, quoted, strict=True)
        if q and _TOTAL_WORD.search(c)
        for v in _amounts_named(c)
    ]
    return "".join(c for c, q in zip(clauses, quoted, strict=True) if not q), totals


def _without_sums(text: str) -> tuple[str, list[float]]:
    """``text`` without the brackets that restate the amount as its parts added (每份派0.06元
    （0.05元+0.01元）), and what each adds up to (the dividend read must agree with it)."""
    sums: list[float] = []

    def dropped(match: re.Match[str]) -> str:
        sums.append(sum(map(float, re.findall(r"\d+(?:\.\d+)?", match.group(1)))))
        return ""

    return _SUM_BRACKET.sub(dropped, text), sums


def _without_parts(text: str) -> tuple[str, list[float]]:
    """``text`` without the brackets and later clauses that give the parts of the amount before
    them (每10份派0.5元，含特别分红0.2元; 每份派0.06元，其中另派特别分红0.01元; 每10份派0.5元（其中
    收益分配0.3元，特别分红0.2元）), and the amounts of those parts (they must not add up to more
    than the amount). Not 另含 ('also holds'), which may add, nor a part that names no amount."""

    def part(body: str) -> bool:
        return bool(_PARTS.match(body)) and _names_amount(body)

    found: list[float] = []

    def dropped(body: str) -> str:
        found.extend(_amounts_named(body))
        return "，"

    text = _BRACKET.sub(lambda m: dropped(m.group(1)) if part(m.group(1)) else m.group(0), text)
    kept = []
    for k, clause in enumerate(_CLAUSE_END.split(text)):
        body = clause.lstrip(_SEPARATORS)
        if k and part(body):
            dropped(body)
        else:
            kept.append(clause)
    return "".join(kept), found


def _in_yuan(text: str) -> str:
    """``text`` with its numbers in 元 plainly written: no thousands separators
    (12,345,678.90元), an amount in 分 or 角 in 元 (每份派5分 → 每份派0.05元), a total in 万元 or
    亿元 written out (0.6亿元 → 60000000元)."""
    text = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)
    text = _IN_FEN.sub(
        lambda m: (
            f"{m.group(0)[: m.start(2) - m.start(0)]}"
            f"{float(m.group(2)) * _FEN_SCALE[m.group(3)]:.12g}元"
        ),
        text,
    )
    return _TOTAL_IN.sub(lambda m: f"{float(m.group(1)) * _TOTAL_SCALE[m.group(2)]:.2f}元", text)


def _before_tax(text: str) -> str:
    """``text`` without the clauses naming an amount after tax (税后0.045元, 个人投资者税后
    0.045元/份, (税后0.40元), 扣税后每10份派0.4元, 每10份派0.45元(扣税后)); an amount marked
    after tax in brackets that a last clause gives before tax, on the same units (每份派0.045元
    （税后），税前0.05元), is that amount (每份派0.05元)."""
    text = _TAX_RESTATED.sub(lambda m: m["before"] + "元" + m["rest"], text)
    text = _TAXED_BRACKET.sub("，", text)
    return "".join(c for c in _CLAUSE_END.split(text) if _AFTER_TAX not in c)


def _added_terms(text: str) -> list[str]:
    """The amounts ``text`` adds up, each its own text: cut before each addition word (另, 加派,
    +) and before each later clause naming a special dividend; a term naming no number is
    dropped (另见公告, 本次分红为特别分红), and a term after an addition word naming no amount
    (in 元, or after a cash word) is no addition: 另：权益登记日2023-07-11, 另于7月14日发放,
    另外15:00前申购不享有, T+2日确认, 另10份以下部分不派; except a cash word with no number at all
    (另派 with no amount is kept, and not read)."""
    cuts = {m.start() for m in _ADDITION.finditer(text)}
    at = 0
    for k, clause in enumerate(_CLAUSE_END.split(text)):
        if k and _SPECIAL.search(clause) and not _PART_OF.search(clause):
            cuts.add(at + len(clause) - len(clause.lstrip(_SEPARATORS)))
        at += len(clause)
    bounds = sorted(cuts | {0, len(text)})
    terms = (text[a:b].strip(_SEPARATORS) for a, b in zip(bounds[:-1], bounds[1:], strict=True))
    return [
        term
        for term in terms
        if (
            _names_amount(term)
            or (re.search(r"\d", term) is not None) != bool(_ADDITION.match(term))
            and (not _ADDITION.match(term) or re.search(_CASH_WORD, term))
        )
    ]


def _names_amount(text: str) -> bool:
    """Whether ``text`` names an amount: in 元, or after a cash word (not a date, a time or a
    count of units: :data:`_NAMED_AMOUNTS`)."""
    return any(form.search(text) for form in _NAMED_AMOUNTS)


def _amounts_named(text: str) -> list[float]:
    """Every amount ``text`` names (:func:`_names_amount`), each once (特别分红0.2元 is found by
    both forms)."""
    return list(
        {m.start(1): float(m.group(1)) for f in _NAMED_AMOUNTS for m in f.finditer(text)}.values()
    )


def _term_amount(term: str, added: bool, basis: float | None) -> tuple[float, float | None] | None:
    """The amount a unit one term of a 分红送配 text gives and the number of units it was
    stated for (None where it was stated for two: 每10份派0.5元(每份0.05元)), else None. An
    ``added`` term (it begins with its addition word, dropped here) stating no units of its own
    is on ``basis``, the units of the term before it (not read where that is None); one naming
    a share class is not read (A类每份0.05元，另C类每份0.04元). None also
    where the term names an amount that is neither this one for some number of units nor a
    fund's total payout (over a thousand times it)."""
    if added:
        if _CLASS.search(term):
            return None
        term = term[m.end() :] if (m := _ADDITION.match(term)) else term
    matches = [
        match.groups() if units_first else match.groups()[::-1]
        for form, units_first in _CASH_FORMS
        for match in form.finditer(term)
    ]
    alone = next((m for form in _AMOUNT_ALONE if (m := form.fullmatch(term))), None)
    if not matches and alone:
        matches = [alone.groups()[::-1]]
    if not matches and added and basis is not None and (bare := _ADDED_AMOUNT.match(term)):
        matches = [(None, bare.group(1))]
    amounts = set()
    for units, amount in matches:
        per = basis if units is None else _CHINESE_UNITS.get(units) or float(units)
        if not per:
            return None
        amounts.add((round(float(amount) / per, 12), per))
    if len({a for a, _ in amounts}) != 1:
        return None
    amount = next(iter(amounts))[0]
    per = amounts.pop()[1] if len(amounts) == 1 else None
    # every amount the term names (in 元, or after a cash word) is this one for some number
    # of units, or a fund's total payout: 每10份派0.5，每份派0.06 says more than one amount
    if not _is_multiple(_amounts_named(term), amount):
        return None
    return amount, per


def text_event(text: str) -> tuple[float, float] | None:
    """The cash dividend a unit and the split ratio a 分红送配 text gives ((0.0, 1.0) for
    neither), None where it gives neither."""
    cash, ratio = cash_per_unit(text), split_ratio(text)
    if cash is None and ratio is None:
        return None
    return cash or 0.0, ratio or 1.0


def names_cash(text: str) -> bool:
    """Whether a 分红送配 text names a cash dividend with an amount in 元 (分红, 派 or 红利 and
    an amount in 元, either one first), read or not."""
    return bool(_NAMES_CASH.search(text))


def payment_amounts(text: str) -> tuple[list[float], list[float]] | None:
    """Where a 分红送配 text names a cash payment (分红, 派, 红利, 每份 / 每10份 and an amount,
    or dividend / distribution in English), the amounts it names (in 元, else every number
    where it names none in 元: the English forms) and the numbers of units they may be for
    (1, and the units it states: 每10份派0.5元 names 0.05 a unit); else None."""
    if not _PAYMENT.search(text):
        return None
    typed = _as_typed(text)
    amounts = [float(x) for x in re.findall(_AMOUNT, typed) or re.findall(_FREE, typed)]
    stated = (next(g for g in m.groups() if g is not None) for m in _STATED_UNITS.finditer(typed))
    units = sorted(n for n in {1.0} | {_CHINESE_UNITS.get(n) or float(n) for n in stated} if n)
    return amounts, units
