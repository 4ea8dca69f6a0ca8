"""The header vocabulary of the importers: which names mean a date, a fund, a NAV type, a price,
a 日增长率 or a 分红送配 column, in English or Chinese.

Names are compared normalised (:func:`_norm`: lower case, no spaces, underscores, hyphens,
dots or colons, words in brackets removed, so ``换手率(%)`` is ``换手率``), except that words in
brackets that say dividends are reinvested (``累计净值(分红再投资)``) make a cumulative NAV the
adjusted one, and words that say they are not (``单位净值(未复权)``, ``累计净值(分红不再投资)``)
leave it as it is. A header may name its series after a colon, before or after the field
(Choice's ``单位净值:华夏成长``, Wind EDB's ``收盘价:沪深300``), or name a fund or share
class beside its NAV type (``华夏成长(单位净值)``, ``华夏成长单位净值``, ``单位净值(A类)``;
words in brackets that are a unit, a basis or a qualifier, ``(元)``, ``(后复权)``,
``(费前)``, name none): :func:`_series_of`. Words of another day, period, fee basis or an
estimate, before the type (前一日单位净值) or in brackets after it (单位净值(前一日),
单位净值(虚拟)), make the column no NAV of the file; they are whole words, never characters
inside a fund's name (华宝低估值, 勇往直前, 博时7日 are funds): :func:`_qualifies`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..clean import is_blank

__all__: list[str] = []


# Header vocabulary (normalised: lower case, no spaces/underscores/hyphens/dots, units in
# brackets removed).
#: Names of a date column of periods, whose dates are often month or quarter labels (2019-01,
#: 2015Q1): a date column, second to one named by :data:`_DATE_NAMES` in the same header.
_PERIOD_NAMES = frozenset(
    {"月份", "年月", "月度", "统计月份", "季度", "统计季度", "报告期"}
)  # fmt: skip
_DATE_NAMES = frozenset(
    {"日期", "净值日期", "交易日期", "估值日期", "时间", "截止日期", "统计日期", "日期时间",
     "指标名称", "date", "navdate", "tradedate", "tradingdate", "valuationdate", "asof", "asofdate",
     "day", "time"}
) | _PERIOD_NAMES  # fmt: skip

_FUND_NAMES = frozenset(
    {"基金名称", "产品名称", "基金简称", "产品简称", "名称", "基金", "产品", "基金代码", "产品代码",
     "代码", "证券简称", "证券代码", "股票代码", "指数代码", "指数名称", "指数简称", "股票名称",
     "fund", "fundname", "name", "product", "productname", "code", "fundcode", "ticker",
     "series", "seriesname", "portfolio", "symbol"}
)  # fmt: skip

#: A platform's own period return (天天基金's 日增长率 is often "1.11%" text): never a NAV.
#: Wind's 复权单位净值增长率 is the adjusted (total) return; iFinD's 单位净值增长率 is the unit
#: NAV's own return (a dividend shows as a loss), so it is not one of them.
_GROWTH_NAMES = frozenset(
    {"日增长率", "增长率", "日涨跌幅", "涨跌幅", "净值增长率", "日收益率", "收益率",
     "复权单位净值增长率", "复权净值增长率", "dailygrowth", "dailyreturn", "growth",
     "growthrate", "pctchange", "pctchg", "changepct", "return"}
)  # fmt: skip

#: A market file's intraday amplitude, (high − low) / previous close (东方财富's and akshare's
#: 振幅): not a field read, only evidence of the scale a vendor writes its rates at.
_AMPLITUDE_NAMES = frozenset({"振幅", "振幅%", "amplitude"})

#: A market file's daily change under a name that is no NAV file's growth (同花顺 iFinD's
#: 涨幅): like 涨跌幅, evidence of the scale a vendor writes its rates at.
_CHANGE_NAMES = frozenset({"涨幅", "涨幅%", "涨跌幅%", "涨跌%"})

#: A market file's float market value (流通市值), in 元 or the unit its header or cells state:
#: not a field read, only evidence of its 换手率's scale (成交额 / 流通市值 is the turnover; on
#: 自由流通市值 2-3 times it, within the tolerance of :func:`~fofxl.io.layouts._float_scale`).
_FLOAT_VALUE_NAMES = frozenset(
    {"流通市值", "a股流通市值", "流通a股市值", "自由流通市值", "floatmarketvalue", "floatmv",
     "circmv", "freefloatmarketvalue"}
)  # fmt: skip

#: Returns over a period other than the day (周收益率, ...): never NAVs, the series of a file
#: of returns (``returns=True``).
_PERIOD_RETURN_NAMES = frozenset(
    {"周收益率", "周涨跌幅", "月收益率", "月涨跌幅", "季收益率", "年收益率", "returns",
     "weeklyreturn", "monthlyreturn", "periodreturn"}
)  # fmt: skip

#: A money-market fund's or 理财 product's 7-day annualised yield: a measure, never turned into
#: returns (compounding an annualised yield by calendar day is an approximation fofxl does not
#: make); named when a NAV that never moves is warned of.
_YIELD_NAMES = frozenset(
    {"7日年化收益率", "七日年化收益率", "7日年化", "七日年化", "7日年化收益", "七日年化收益",
     "7dayyield", "sevendayyield", "7dayannualizedyield"}
)  # fmt: skip

#: Measures made of returns (cumulative, since inception, excess, annualised): never NAVs,
#: and never compounded as periodic returns.
_MEASURE_NAMES = frozenset(
    {"累计收益率", "累计收益", "累计涨跌幅", "累计回报", "累计回报率", "区间收益率", "区间收益",
     "区间涨跌幅", "成立以来收益率", "超额收益", "超额收益率", "年化收益率", "年化收益",
     "cumreturn", "cumulativereturn", "excessreturn", "annualizedreturn", "annualisedreturn"}
) | _YIELD_NAMES  # fmt: skip

#: A money-market fund's daily income per 10,000 units (its NAV stays 1): the fund's return
#: that day is the income / 10,000, compounded into a NAV on import.
_MONEY_INCOME_NAMES = frozenset(
    {"每万份收益", "万份收益", "每万份基金收益", "万份基金收益", "每万份基金已实现收益",
     "万份基金单位收益", "每万份基金单位收益", "incomeper10kunits", "incomeper10000units",
     "dailyincomeper10k", "per10kincome"}
)  # fmt: skip

_DIVIDEND_NAMES = frozenset(
    {"分红送配", "分红", "分红送转", "分红信息", "分红拆分", "分红配送", "每份分红", "分红金额",
     "dividend", "dividends", "distribution", "distributions"}
)  # fmt: skip

#: Words that make a 累计净值 or 单位净值 header an adjusted NAV (私募排排网's
#: "累计净值(分红再投资)", 红利转投资: dividends turned into units), unless a negation comes
#: just before them (:data:`_NEGATION`).
_REINVESTED = re.compile(r"再投资|再投|转投资|复权|reinvest|adjusted")

#: A negation that ends the text before a word of :data:`_REINVESTED`: 单位净值(未复权), 不复权,
#: 非复权, 没有复权, 累计净值(分红不再投资), 未再投资, unadjusted, not reinvested, non-adjusted.
_NEGATION = re.compile(r"(?:[未不非无没]有?|\b(?:not|non|no|without)[\s_\-]*|\bun)$")

#: The same negated words in a normalised name (未复权单位净值 is 单位净值, not 复权).
_NEGATED_WORDS = re.compile(
    r"[未不非无没]有?(?:分红)?(?:再投资|再投|转投资|复权)"
    r"|(?:not|non|no|without|un)(?:adjusted|reinvested)"
)

#: The first cell of a row under the header that gives each column's unit (Wind's and
#: Choice's 单位 | 点 | %).
_UNIT_ROW_NAMES = frozenset({"单位", "unit", "units"})

#: Untitled or pandas-made headers of a date column (``df.reset_index().to_csv()``).
_INDEX_HEADERS = frozenset({"", "index", "unnamed0", "level0"})

_NAV_TYPE_NAMES = frozenset({"净值类型", "类型", "navtype", "type", "valuetype"})

_NAV_NAMES = {
    "adjusted": frozenset(
        {"复权净值", "复权单位净值", "复权累计净值", "adjustednav", "adjnav", "adjusted",
         "navadjusted", "adjustedunitnav"}
    ),
    "cumulative": frozenset(
        {"累计净值", "累计单位净值", "累计", "基金份额累计净值", "累计份额净值", "份额累计净值",
         "cumulativenav", "accumulatednav", "accnav", "cumnav", "cumulative", "accumulated"}
    ),
    # 基金份额净值: a fund company's 基金净值公告 (its 基金份额累计净值 is the cumulative NAV)
    "unit": frozenset({"单位净值", "基金份额净值", "份额净值", "unitnav", "unit", "navperunit",
                       "navpershare"}),
    "unstated": frozenset({"净值", "nav", "value", "数值", "值", "navvalue"}),
}  # fmt: skip

_NAV_RANK = (
    "adjusted", "built", "unit_growth", "unit_cash", "growth", "returns", "income", "cumulative",
    "unit", "unstated",
)  # fmt: skip

#: The file's NAV types each chosen kind reads (for reporting bad cells of the used ones).
_NAV_USES = {
    "built": ("unit", "cumulative"), "unit_growth": ("unit",), "unit_cash": ("unit",),
    "growth": ("unit",),
}  # fmt: skip

_NAV_LABELS = {
    "adjusted": "adjusted (复权净值)",
    "returns": "NAV compounded from the file's returns",
    "income": "NAV compounded from 每万份收益 (a money-market fund: return = income / 10,000)",
    "built": "adjusted NAV built from 单位净值 and 累计净值 (dividends reinvested)",
    "unit_growth": "adjusted NAV built from 单位净值 and 日增长率",
    "unit_cash": "adjusted NAV built from 单位净值 and 分红送配 (dividends reinvested)",
    "growth": "adjusted NAV compounded from 日增长率",
    "cumulative": "cumulative (累计净值)",
    "unit": "unit (单位净值)",
    "unstated": "NAV, type not stated",
}

_MARKET_NAMES = {
    "close": frozenset({"收盘价", "收盘", "收盘点位", "收盘指数", "close", "closeprice",
                        "closingprice", "adjclose", "复权收盘价", "后复权收盘价", "前复权收盘价"}),
    "high": frozenset({"最高价", "最高", "最高点位", "high", "highprice"}),
    "low": frozenset({"最低价", "最低", "最低点位", "low", "lowprice"}),
    "open": frozenset({"开盘价", "开盘", "开盘点位", "open", "openprice"}),
    "turnover": frozenset({"换手率", "换手", "换手%", "换手率%", "turnover", "turnoverrate",
                           "turn"}),
    "volume": frozenset({"成交量", "总手", "volume", "vol"}),
    "amount": frozenset({"成交额", "成交金额", "金额", "amount", "turnovervalue"}),
}  # fmt: skip
# (同花顺's bars: 总手, 金额, 换手%; "%" is kept by _norm)

#: The price bases a market header may state (收盘价(后复权)), preferred for returns in this
#: order: 后复权 (dividends reinvested), 前复权 (the same, scaled to the last price), 不复权.
_PRICE_BASES = ("后复权", "前复权", "复权", "不复权")

_NAV_KIND = {name: kind for kind, names in _NAV_NAMES.items() for name in names}

_MARKET_FIELD = {name: col for col, names in _MARKET_NAMES.items() for name in names}

_PRICE_FIELDS = frozenset({"close", "high", "low", "open"})


def _norm(cell: Any) -> str:
    if is_blank(cell):
        return ""
    text = str(cell).strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)  # units: 换手率(%), close (CNY)
    return re.sub(r"[\s_\-.:：/]", "", text)


#: The roles a header cell has by its name alone, in the order they are looked up.
_NAMED_ROLES = (
    ("date", _DATE_NAMES),
    ("fund", _FUND_NAMES),
    ("navtype", _NAV_TYPE_NAMES),
    ("growth", _GROWTH_NAMES),
    ("dividend", _DIVIDEND_NAMES),
    ("returns", _PERIOD_RETURN_NAMES),
    ("income", _MONEY_INCOME_NAMES),
    ("measure", _MEASURE_NAMES),
)


def _role(cell: Any) -> tuple[str, str | None]:
    """(role, detail) of a header cell: date, fund, navtype, nav/<type>, market/<field>,
    growth, dividend, returns (over weeks, months, ...), measure (cumulative, excess, ...),
    income (a money-market fund's income per 10,000 units), other. A field named with its
    series (单位净值:华夏成长, 收盘价:沪深300) is that field's nav/<type> or market/<field>."""
    role, detail, _series = _header(cell)
    return role, detail


def _series_of(cell: Any) -> str | None:
    """The series a header names beside its NAV type or price field (华夏成长 of
    ``单位净值:华夏成长``); None for a header naming no series (单位净值, 收盘价, 基金A)."""
    return _header(cell)[2]


def _header(cell: Any) -> tuple[str, str | None, str | None]:
    """(role, detail, series) of a header cell (:func:`_role`, :func:`_series_of`), each
    distinct cell worked out once (a wide file's header is read by several passes)."""
    try:
        return _cached_header(cell)
    except TypeError:  # (an unhashable cell)
        return _header_of(cell)


def _header_of(cell: Any) -> tuple[str, str | None, str | None]:
    """:func:`_header`, uncached."""
    key = _norm(cell)
    if not key:
        return "blank", None, None
    for role, names in _NAMED_ROLES:
        if key in names:
            return role, None, None
    split = _split_series(cell)  # first: 单位净值(A类) names its series, 单位净值(元) none
    if split is not None:
        return (*split[0], split[1])
    field = _field_role(cell)
    if field is not None:
        return (*field, None)
    return "other", None, None


#: :func:`_header_of` of the header cells met lately (typed: 1, 1.0 and True are three cells);
#: a wide file of up to 65,536 funds is worked out once, in a few MB.
_cached_header = functools.lru_cache(maxsize=65_536, typed=True)(_header_of)


def _field_role(cell: Any) -> tuple[str, str] | None:
    """("nav", type) or ("market", field) of a header naming a NAV type or a price field
    alone (单位净值, 累计净值(分红再投资), 收盘价(元)); None for any other header, and for one
    that words in brackets make another value (单位净值(前一日): :func:`_other_value`)."""
    if _other_value(cell) is not None:
        return None
    kind = _nav_kind_of(cell)
    if kind is not None:
        return "nav", kind
    field = _MARKET_FIELD.get(_norm(cell))
    return ("market", field) if field is not None else None


def _nav_kind_of(value: Any) -> str | None:
    """NAV type named in a header or a NAV-type cell (复权净值, cumulative, ...), None if
    unknown. Words that say dividends are reinvested make a unit or cumulative NAV the adjusted
    one (累计净值(分红再投资)); negated (单位净值(未复权), 累计净值(分红不再投资), 未复权单位净值),
    they leave it as it is."""
    key = _norm(value)
    kind = _NAV_KIND.get(key) or _NAV_KIND.get(_NEGATED_WORDS.sub("", key))
    if kind in ("cumulative", "unit") and _says_reinvested(str(value)):
        return "adjusted"  # 累计净值(分红再投资): dividends reinvested
    return kind


def _says_reinvested(text: str) -> bool:
    """Whether a header says dividends are reinvested (复权, 分红再投资, adjusted): a word of
    :data:`_REINVESTED` with no negation just before it (未复权, 分红不再投资, unadjusted)."""
    text = text.lower()
    return any(not _NEGATION.search(text[: m.start()]) for m in _REINVESTED.finditer(text))


def _price_basis(cell: Any) -> str | None:
    """The price basis of :data:`_PRICE_BASES` a header states (收盘价(后复权), 复权收盘价 is
    复权, 收盘价(未复权) 不复权), None when it states none."""
    text = "" if is_blank(cell) else str(cell)
    if re.search(r"[不未非无]复权", text):
        return "不复权"
    return next((basis for basis in _PRICE_BASES if basis in text), None)


def _share_base(cell: Any) -> str | None:
    """The share base a 换手率 header states in brackets (Wind's 换手率(基准.自由流通股本)(%):
    基准.自由流通股本; 换手率(总股本)), None when it states none (换手率(%): a unit)."""
    text = "" if is_blank(cell) else str(cell)
    found = re.search(r"[(（\[【]([^)）\]】]*(?:股本|流通|基准)[^)）\]】]*)[)）\]】]", text)
    return found.group(1).strip() if found else None


def _split_series(cell: Any) -> tuple[tuple[str, str], str] | None:
    """((role, detail), series) of a header naming a NAV type or price field and, across a
    colon, its series: Choice's ``单位净值:华夏成长``, Wind EDB's ``收盘价:沪深300``, or the
    series first (``沪深300:收盘价``). The field is looked for before the first colon, then
    after the last, so a series name may hold colons (``单位净值:华夏回报:A``). An analyst's
    panel may also name a fund before its stated NAV type (单位净值, 累计净值, 复权净值), in
    brackets or not: ``华夏成长(单位净值)``, ``华夏成长_单位净值``, ``华夏成长单位净值(元)``, or
    after it: ``单位净值_A``, ``单位净值(A类)`` (:func:`_fund_and_type`). None when no side is a
    field, or both are."""
    if is_blank(cell):
        return None
    text = str(cell).strip()
    parts = re.split(r"[:：]", text)
    if len(parts) < 2:
        return _fund_and_type(text)
    first, rest = parts[0], text[len(parts[0]) + 1 :]
    last, before = parts[-1], text[: len(text) - len(parts[-1]) - 1]
    for field, series in ((first, rest), (last, before)):
        role = _field_role(field)
        series = series.strip()
        if role is not None and _norm(series) and _field_role(series) is None:
            return role, series
    return None


#: The stated NAV types' Chinese names, longest first (a header ending in 复权单位净值 names
#: that, not 单位净值).
_TYPE_WORDS = sorted(
    (n for kind in ("adjusted", "cumulative", "unit") for n in _NAV_NAMES[kind]
     if len(n) >= 4 and not n.isascii()),
    key=len, reverse=True,
)  # fmt: skip

_TYPE_WORD = "(?P<type>" + "|".join(_TYPE_WORDS) + ")"

#: What may separate a fund's name from its NAV type: a space, _ - / — . · 、
_SEPARATOR = r"[\s_\-/／—–.·、]"

#: A fund's name, then a stated NAV type, maybe after a separator, maybe in brackets, maybe
#: with its basis (后复权, 未复权) just before, then anything (the unit, (元), (分红再投资) ...:
#: :func:`_fund_before_type` reads the type with it).
_FUND_TYPE = re.compile(
    r"^(?P<fund>.+?)" + _SEPARATOR + r"*(?P<open>[(（\[【]\s*)?"
    r"(?P<basis>(?:[后前]|[未不非无]有?)(?=复权))?" + _TYPE_WORD + r"(?P<tail>.*)$"
)

#: A stated NAV type, a separator, then a fund's name or class (单位净值_A, 累计净值-C类).
_TYPE_FUND = re.compile("^" + _TYPE_WORD + r"\s*" + _SEPARATOR + r"+\s*(?P<fund>.+)$")

#: A stated NAV type, then words in brackets (单位净值(A类), 累计净值(分红再投资)(A类)).
_TYPE_BRACKETS = re.compile(
    "^" + _TYPE_WORD + r"\s*(?P<words>(?:[(（\[【][^()（）\[\]【】]*[)）\]】]\s*)+)$"
)

#: The words of one pair of brackets.
_IN_BRACKETS = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")

#: Units (normalised) a NAV may be stated in beside its type (单位净值_元, 单位净值(元/份),
#: (单位:元), (人民币元), (美元), (CNY), (%)): no fund's name.
_UNIT_FORM = re.compile(
    r"^(?:单位)?(?:人民币|美|港|欧|日|万|亿)?[元币金]?(?:每?份)?$|^(?:cny|rmb|usd|hkd|eur|%)$"
)

#: Words before a NAV type that qualify it rather than name a fund (基金单位净值, 最新单位净值),
#: besides those of :data:`_QUALIFIER_FORM`.
_QUALIFIERS = frozenset(
    {"最新", "基金", "产品", "本基金", "本产品", "份额", "基金份额", "产品份额"}
)  # fmt: skip

_CN_DIGITS = "一二三四五六七八九十两"

#: Words (normalised) that make a NAV another value than the fund's NAV of its date: another
#: day (前一日, 上一交易日, T-1日, 7日), a period's start or end (年初, 期末), a period (上周,
#: 本期, 近1年), a basis of fees (费前, 计提业绩报酬后, 扣除业绩报酬, 含费, 折算前), an estimate
#: or a model (估值, 估算, 虚拟: 私募排排网's 虚拟净值 after a performance fee, 模拟, 实时), a
#: benchmark (业绩比较基准) or a period's extreme (期间最高). Each is a whole word: a fund's name
#: may hold their characters (华宝低估值, 含章价值1号, 基准1号, 勇往直前, 博时7日).
_OTHER_VALUE_WORDS = (
    rf"(?:[前昨当今上本次下]一?个?|t\+?\d*|\d+|[{_CN_DIGITS}]+)(?:交易)?日|交易日",
    r"(?:[年月季周期]|年度|季度|月度|半年度?|[本上当去]年|[本上当]期|[本上]月|[本上]季度?"
    r"|报告期|统计期|区间|期间)[初末]",
    rf"(?:[上本当昨前去今下]一?个?|近[\d{_CN_DIGITS}半]+个?)(?:交易日|日|天|周|月|季度?|年|期)",
    r"(?:期间|区间|历史|年内)?(?:最高|最低|平均)",
    r"(?:不?含|扣除?|扣减|计提|提取)?(?:业绩报酬|业绩提成|超额报酬|管理费|费用?|税)"
    r"(?:计提|提取|扣除)?[前后]?",
    r"(?:不?含|扣除?|扣减|计提|提取)[前后]?",
    r"(?:折算|拆分|合并|分红|除息|除权)[前后]",
    r"估值|估算|预估|参考|虚拟|模拟|实时|(?:业绩)?(?:比较)?基准",
)

#: Words (normalised) of a basis that qualify a NAV type before it but leave it the fund's NAV:
#: a frequency (日频, 月度), a dividend basis (分红不投资, 红利转投资).
_BASIS_WORDS = (
    r"(?:[日周月季年]|半年)(?:频|度)",
    r"(?:现金)?(?:分红|红利)(?:\S{0,3}投资)?",
)


def _words_of(pieces: tuple[str, ...]) -> re.Pattern[str]:
    """The words made of one or more of the pieces, maybe with separators between them
    (前一日估值, 计提业绩报酬后·虚拟); matched whole (``fullmatch``)."""
    return re.compile(r"(?:(?:" + "|".join(pieces) + r")[—–·、／,，]*)+")


#: Words before a NAV type (前一日单位净值) or in brackets after it (单位净值(前一日)) that make
#: it another value (:data:`_OTHER_VALUE_WORDS`).
_OTHER_VALUE = _words_of(_OTHER_VALUE_WORDS)

#: Words before a NAV type that qualify it rather than name a fund, by their form.
_QUALIFIER_FORM = _words_of(_OTHER_VALUE_WORDS + _BASIS_WORDS)

#: A fee basis in brackets after a NAV type names that NAV, not another value: 火富牛's
#: 复权净值(费前) | 复权净值(费后), two adjusted NAVs told apart by it (:mod:`.layouts`).
_FEE_BASIS = re.compile(r"费[前后]")


def _qualifies(words: str) -> bool:
    """Whether the (normalised) words before a NAV type qualify it (前一日, 年初, 计提后, 费前,
    基金, 分红再投资, 未) rather than name a fund: the whole words are qualifier words
    (:data:`_QUALIFIER_FORM`)."""
    return (
        words in _QUALIFIERS
        or _QUALIFIER_FORM.fullmatch(words) is not None
        or _REINVESTED.search(words) is not None
        or _NEGATION.search(words) is not None
    )


def _other_value(text: Any) -> str | None:
    """The words in brackets of a header that make the NAV or price it names another value
    (单位净值(前一日), 单位净值(虚拟), 累计净值(计提后): :data:`_OTHER_VALUE`), None when none
    do (单位净值(元), 复权净值(费前), 累计净值(分红再投资), 单位净值(日频))."""
    for words in _IN_BRACKETS.findall("" if is_blank(text) else str(text)):
        key = _norm(words)
        if _OTHER_VALUE.fullmatch(key) and not _FEE_BASIS.fullmatch(key):
            return words.strip()
    return None


def _qualifier_of(cell: Any) -> str | None:
    """The words of a header that states a NAV type but qualify it, so that it names no fund
    and is no NAV of the file (前一日 of 前一日(单位净值), 单位净值_前一日, 单位净值(前一日)); None
    for any other header (单位净值, 华夏成长(单位净值), 前复权单位净值)."""
    if is_blank(cell) or _header(cell)[0] != "other":
        return None
    text = str(cell).strip()
    words = _other_value(text)
    for pattern in (_FUND_TYPE, _TYPE_FUND):
        match = pattern.match(text)
        if words is None and match is not None and _qualifies(_norm(match.group("fund"))):
            words = match.group("fund").strip()
    return words


def _names_series(fund: str) -> bool:
    """Whether words beside a NAV type name its series, a fund or a share class (华夏成长, A类,
    A): not a unit (:data:`_UNIT_FORM`), a qualifier (:func:`_qualifies`), a field (日期), nor
    one character but a letter, a digit or 甲乙丙丁 (前 of 前复权单位净值)."""
    words = _norm(fund)
    if not words or _UNIT_FORM.match(words) or _qualifies(words) or _header(fund)[0] != "other":
        return False
    return len(words) >= 2 or re.fullmatch(r"[a-z0-9甲乙丙丁]", words) is not None


def _fund_and_type(text: str) -> tuple[tuple[str, str], str] | None:
    """(("nav", type), fund) of a header naming a fund and a stated NAV type, the fund first
    (:func:`_fund_before_type`) or after the type (单位净值_A, 单位净值(A类)); None for any
    other header."""
    return _fund_before_type(text) or _type_before_fund(text) or _type_then_brackets(text)


def _fund_before_type(text: str) -> tuple[tuple[str, str], str] | None:
    """(("nav", type), fund) of a header naming a fund then a stated NAV type, with what follows
    the type read with it (华夏成长(单位净值)(元), 华夏成长累计净值(分红再投资) is adjusted,
    华夏成长(未复权单位净值) unit, YY2号/单位净值); None when the words before the type qualify
    it (:func:`_qualifies`; one character such as 前 of 前复权单位净值, but for a letter or
    甲乙丙丁), name a field, or the words after it make no NAV type (华夏成长单位净值增长率)."""
    match = _FUND_TYPE.match(text)
    if match is None:
        return None
    fund = match.group("fund").strip()
    if not _names_series(fund):
        return None
    tail = match.group("tail")
    if match.group("open"):  # (单位净值)(元), (单位净值,元): the bracket closes the type
        closed = re.match(r"\s*(?:[)）\]】]|[,，、;；/]\s*(?P<unit>.*?)[)）\]】]$)", tail)
        if closed is None:
            return None
        unit = closed.group("unit")
        tail = f"({unit})" if unit is not None else tail[closed.end() :]
    basis = match.group("basis") or ""
    kept = basis if _NEGATION.search(basis) else ""  # 未复权单位净值 is the unit NAV
    role = _field_role(kept + match.group("type") + tail)
    return (role, fund) if role is not None and role[0] == "nav" else None


def _type_before_fund(text: str) -> tuple[tuple[str, str], str] | None:
    """(("nav", type), fund) of a header naming a stated NAV type, a separator, then a fund or
    class (单位净值_A, 累计净值-C类); None when the words after it are a unit, a qualifier or a
    field (单位净值_元, 单位净值_最新, 单位净值_日期)."""
    match = _TYPE_FUND.match(text)
    if match is None:
        return None
    fund = match.group("fund").strip()
    if not _names_series(fund):
        return None
    role = _field_role(match.group("type"))
    return (role, fund) if role is not None and role[0] == "nav" else None


def _type_then_brackets(text: str) -> tuple[tuple[str, str], str] | None:
    """(("nav", type), series) of a header naming a stated NAV type, then words in brackets of
    which one names its series (单位净值(A类), 单位净值(华夏成长)(元)), the others read with the
    type (累计净值(分红再投资)(A类) is adjusted); None when none does (单位净值(元), 复权净值(费前))
    or several do (单位净值(华夏成长)(A类): which is the series is not said)."""
    match = _TYPE_BRACKETS.match(text)
    if match is None:
        return None
    words = _IN_BRACKETS.findall(match.group("words"))
    names = [k for k, word in enumerate(words) if _names_series(word)]
    if len(names) != 1:
        return None
    rest = "".join(f"({word})" for k, word in enumerate(words) if k != names[0])
    role = _field_role(match.group("type") + rest)
    return (role, words[names[0]].strip()) if role is not None and role[0] == "nav" else None


#: Words of a file's name that say what it holds, not whose it is (净值表, 产品净值明细,
#: nav_export): longest first, so that 单位净值 goes before 净值.
_CONTENT_WORDS = re.compile(
    "|".join(
        sorted(
            {"单位净值", "累计净值", "复权净值", "净值", "nav", "navs", "表", "数据", "明细",
             "历史", "产品", "基金", "私募", "公募", "走势", "导出", "下载", "查询", "列表", "最新",
             "每日", "每周", "每月", "年", "月", "日", "周", "报", "汇总", "全部", "副本", "export",
             "data", "history", "table", "list", "sheet", "download", "daily", "weekly",
             "monthly", "report", "fund", "funds", "product", "copy", "value", "values", "price",
             "prices"},
            key=len,
            reverse=True,
        )
    )
)  # fmt: skip
#: A run of digits in a file's name that is a date or a copy's number, not a fund code:
#: 1 to 3 digits ((1), 第2期), a year (2023) or a day (20240105).
_DATE_DIGITS = re.compile(r"\d{1,3}|(?:19|20)\d\d|(?:19|20)\d{6}")


def _names_no_fund(stem: str) -> bool:
    """Whether a file's name (``stem``, without its extension) says only that the file holds
    NAVs: a NAV word (净值, nav) with words of content, dates and copy numbers alone
    (净值表, 产品净值(1), nav_export_20240105, 2023年净值明细). A fund's name or code
    (000001, 华夏成长, SGG703) names one: the series of such a file is named after a fund."""
    text = str(stem).lower()
    if not re.search("净值|nav", text):
        return False
    rest = _CONTENT_WORDS.sub(" ", text)
    if any(_DATE_DIGITS.fullmatch(run) is None for run in re.findall(r"\d+", rest)):
        return False
    return not re.sub(r"[\W\d_]+", "", rest)
