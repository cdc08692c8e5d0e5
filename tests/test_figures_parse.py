"""The parsers on real-style sentences (written by us, in the style of brokerage research)."""

# ruff: noqa: E501  (the case tables read best one case a line)

from __future__ import annotations

import pytest

from newsletter.figures import find_figures, find_spans
from newsletter.figures.extract import paragraph_figures
from newsletter.figures.numerals import chinese

ZH_CASES = [
    ("海峰科技 2026 年营收 1,234.5 万港元", [("1,234.5 万港元", 12_345_000, "HKD", "money")]),
    ("公司拟投资人民币 100 亿元扩产", [("人民币 100 亿元", 1e10, "CNY", "money")]),
    ("订单约 3.5 亿欧元", [("3.5 亿欧元", 3.5e8, "EUR", "money")]),
    ("日本子公司收入两万亿日元", [("两万亿日元", 2e12, "JPY", "money")]),
    ("估值 五千亿美元", [("五千亿美元", 5e11, "USD", "money")]),
    ("规模达 1.2 万亿元", [("1.2 万亿元", 1.2e12, "CNY", "money")]),
    ("毛利率提升 2.3 个百分点", [("2.3 个百分点", 2.3, "pp", "pp")]),
    ("降息 25bp", [("25bp", 25, "bp", "bp")]),
    ("利差收窄 15 个基点", [("15 个基点", 15, "bp", "bp")]),
    ("装机 3.5GW，储能 120GWh，年发电 4.2 太瓦时", [("3.5GW", 3.5e9, "W", "power"), ("120GWh", 1.2e11, "Wh", "energy"), ("4.2 太瓦时", 4.2e12, "Wh", "energy")]),
    ("光缆总长 1 万千米", [("1 万千米", 1e7, "m", "length")]),
    ("净利率为百分之十二", [("百分之十二", 12, "%", "percent")]),
    ("市占率 ３５％", [("３５％", 35, "%", "percent")]),
    ("营收同比 -5%", [("-5%", -5, "%", "percent")]),
    ("产能提升三倍", [("三倍", 3, "x", "multiple")]),
    ("每年 1000 亿~2000 亿颗芯片", [("1000 亿~2000 亿颗", 1e11, "count", "count")]),
    ("毛利率 30%-35%", [("30%-35%", 30, "%", "percent")]),
    ("上下文 100 万 Token", [("100 万", 1e6, "count", "count")]),
    ("营收同增 32%至 208 亿元", [("32%", 32, "%", "percent"), ("208 亿元", 2.08e10, "CNY", "money")]),
    ("单价下降 5%至 3.2 元", [("5%", 5, "%", "percent"), ("3.2 元", 3.2, "CNY", "money")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ZH_CASES)
def test_chinese_figures(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    found: list[tuple[object, ...]] = [(f.text, f.value, f.unit, f.kind) for f in find_figures(text, "zh")]
    assert found == [(t, pytest.approx(v), u, k) for t, v, u, k in expected]


EN_CASES = [
    ("RPO reached US$553 billion", [("US$553 billion", 553e9, "USD", "money")]),
    ("RPO reached $5.53 billion", [("$5.53 billion", 5.53e9, "USD", "money")]),
    ("a US$553bn backlog", [("US$553bn", 553e9, "USD", "money")]),
    ("553 billion US dollars of orders", [("553 billion US dollars", 553e9, "USD", "money")]),
    ("capex of RMB 90bn and HK$1.2 million", [("RMB 90bn", 9e10, "CNY", "money"), ("HK$1.2 million", 1.2e6, "HKD", "money")]),
    ("a $2M seed round", [("$2M", 2e6, "USD", "money")]),
    ("€150 million and 3 billion yen", [("€150 million", 1.5e8, "EUR", "money"), ("3 billion yen", 3e9, "JPY", "money")]),
    ("up 325% YoY", [("325%", 325, "%", "percent")]),
    ("margins rose 2.3 percentage points (25 bps)", [("2.3 percentage points", 2.3, "pp", "pp"), ("25 bps", 25, "bp", "bp")]),
    ("over 10 GW and 400MW delivered", [("10 GW", 1e10, "W", "power"), ("400MW", 4e8, "W", "power")]),
    ("100 billion to 200 billion chips a year", [("100 billion to 200 billion", 1e11, "count", "count")]),
    ("revenue up 5% to US$3.2 billion", [("5%", 5, "%", "percent"), ("US$3.2 billion", 3.2e9, "USD", "money")]),
    ("the price fell 5% to US$3.2", [("5%", 5, "%", "percent"), ("US$3.2", 3.2, "USD", "money")]),
    ("US$3 to US$4 billion", [("US$3 to US$4 billion", 3e9, "USD", "money")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_figures(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    found: list[tuple[object, ...]] = [(f.text, f.value, f.unit, f.kind) for f in find_figures(text, "en")]
    assert found == [(t, pytest.approx(v), u, k) for t, v, u, k in expected]


@pytest.mark.parametrize(
    "text",
    [
        "其 3nm400G/通道光 PAM-4DSP 上市",
        "1.6T 可插拔模块，102.4T 交换容量，8×200G 电气接口",
        "Blackwell 系列 (B200) 芯片，Qwen2.5、Kimi2.5 与 Doubao-Seed-2.0",
        "Oracle 2025Q4 (FY2026Q3)，计划在 2027 年底前，2026 年 3 月 12 日",
        "数百亿甚至数千亿美元，数百万个小程序，六个月，免费体验 7 天",
        "GAUI-8 接口，1RU 系统，1T 参数，262K 上下文，C3 级",
        "发电量为 亿千瓦时（表格中的数缺失），一成不变",
    ],
)
def test_names_dates_and_vague_amounts_are_not_figures(text: str) -> None:
    assert find_figures(text, "zh") == []


@pytest.mark.parametrize(
    "text", ["1.6T modules and 400G lanes", "B200, Qwen2.5, 8x200G", "on March 12, 2026 in Q4 2025 (FY2026Q3)"]
)
def test_english_names_and_dates_are_not_figures(text: str) -> None:
    assert find_figures(text, "en") == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("超过 25 亿美元", "over"), ("逾 30%", "over"), ("约 12 亿元", "about"), ("近 90%", "nearly"),
     ("10% 或以上", "at least"), ("50 亿元左右", "about"), ("more than $2 billion", "over"), ("about 90%", "about")],
)  # fmt: skip
def test_qualifiers(text: str, qualifier: str) -> None:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    assert [f.qualifier for f in find_figures(text, lang)] == [qualifier]


def test_text_is_the_exact_source_substring() -> None:
    text = "海峰科技营收达 １２ 亿美元，同比增长 ２５％。"
    for span in find_spans(text, "zh"):
        assert text[span.start : span.end] == span.figure.text
    assert [f.text for f in find_figures(text, "zh")] == ["１２ 亿美元", "２５％"]


def test_context_change_direction_period_subject() -> None:
    text = "海峰科技 2026 年第三季度营收 120 亿元，同比增长 25%，环比下降 3%，公司将 2027 财年指引上调至 500 亿元。"
    revenue, yoy, qoq, guide = paragraph_figures(text, "zh", page=4)
    assert (revenue.period, revenue.metric, revenue.page) == ("2026Q3", "营收", 4)
    assert (yoy.change, yoy.direction, yoy.metric) == ("YoY", "up", "营收")
    assert (qoq.change, qoq.direction) == ("QoQ", "down")
    assert (guide.period, guide.direction, guide.change) == ("FY2027", None, None)


def test_paragraph_lead_names_the_subject() -> None:
    (figure,) = paragraph_figures("海峰科技：云业务收入同比增长 18%。", "zh")
    assert (figure.subject, figure.metric) == ("海峰科技", "云业务收入")


@pytest.mark.parametrize(
    ("text", "value"), [("一千二百三十四", 1234), ("十五", 15), ("二〇二六", 2026), ("两亿五千万", 250_000_000)]
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese(text) == value


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        find_figures("12%", "fr")


def test_english_source_figures_have_their_change() -> None:
    text = "Harbor Cloud's RPO reached US$553 billion, up 325% year on year and 9% quarter on quarter."
    rpo, yoy, qoq = paragraph_figures(text, "en")
    assert (rpo.unit, rpo.value, rpo.subject) == ("USD", 553e9, "Harbor Cloud")
    assert (yoy.change, yoy.value, qoq.change) == ("YoY", 325, "QoQ")
