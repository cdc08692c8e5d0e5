"""The seed report against our own hand-labelled list of its money, percent and power figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.figures import extract_figures
from newsletter.model import Report
from newsletter.readers import read_report

SEED_TEXT = "000_be99793983c368c4.txt"

# Labelled by reading the report, in reading order: key points first, then the sections.
# (text as printed, value in base units, unit, qualifier)
EXPECTED = [
    ("5530 亿美元", 553e9, "USD", None),
    ("325%", 325, "%", None),
    ("290 亿美元", 29e9, "USD", None),
    ("900 亿美元", 90e9, "USD", None),
    ("25 亿美元", 2.5e9, "USD", "over"),
    ("250 亿美元", 25e9, "USD", None),
    ("20 亿美元", 2e9, "USD", None),
    ("2 亿美元", 2e8, "USD", "over"),
    ("10%", 10, "%", "at least"),
    ("50%", 50, "%", None),
    ("172 亿美元", 17.2e9, "USD", None),
    ("22%", 22, "%", None),
    ("11%", 11, "%", None),
    ("161 亿美元", 16.1e9, "USD", None),
    ("14%", 14, "%", None),
    ("15%", 15, "%", None),
    ("15%", 15, "%", None),
    ("6%", 6, "%", None),
    ("11%", 11, "%", None),
    ("19%", 19, "%", None),
    ("531%", 531, "%", None),
    ("243%", 243, "%", None),
    ("5530 亿美元", 553e9, "USD", None),
    ("10GW", 10e9, "W", "over"),
    ("90%", 90, "%", "over"),
    ("60%", 60, "%", None),
    ("400MW", 400e6, "W", "over"),
    ("90%", 90, "%", None),
    ("400MW", 400e6, "W", "over"),
    ("20 亿美元", 2e9, "USD", None),
    ("5530 亿美元", 553e9, "USD", None),
    ("325%", 325, "%", None),
    ("290 亿美元", 29e9, "USD", None),
    ("900 亿美元", 90e9, "USD", None),
]

# Product and model names, dates and periods of the report: none of them is a figure.
NOT_FIGURES = [
    "1.6T", "3.2T", "102.4T", "204.8T", "400G", "800G", "1.6G", "8×200G", "4×400G", "B200", "Qwen2.5",
    "Kimi2.5", "MiniMax2.5", "Doubao-Seed-2.0", "BCM83640", "PAM-4", "GAUI-8", "1RU", "1T", "262K",
    "2025Q4", "FY2026Q3", "2027 年底", "2026 年 3 月 12 日", "3 月 12 日", "2019 年", "2027 年", "C3 级",
]  # fmt: skip


@pytest.fixture
def seed(seed_dir: Path) -> Report:
    return extract_figures(read_report(seed_dir / SEED_TEXT))


def test_every_money_percent_and_power_figure_is_found_with_value_and_unit(seed: Report) -> None:
    found: list[tuple[object, ...]] = [
        (f.text, f.value, f.unit, f.qualifier) for f in seed.figures if f.kind in ("money", "percent", "power")
    ]
    assert found == [(text, pytest.approx(value), unit, q) for text, value, unit, q in EXPECTED]


def test_no_product_name_model_name_or_date_is_a_figure(seed: Report) -> None:
    for figure in seed.figures:
        assert not any(name in figure.text or figure.text in name for name in NOT_FIGURES), figure
    money = [f.text for f in seed.figures if f.kind == "money"]
    assert all(not any(mark in text for mark in "年月日QF") for text in money)


def test_the_range_of_chips_is_one_count_figure(seed: Report) -> None:
    chips = [f for f in seed.figures if f.text == "1000 亿~2000 亿颗"]
    assert [(f.kind, f.value, f.upper) for f in chips] == [("count", 1e11, 2e11)]


def test_rpo_figure_knows_its_subject_metric_change_and_period(seed: Report) -> None:
    rpo, growth, added = seed.figures[:3]
    assert (rpo.subject, rpo.metric, rpo.period) == ("甲骨文", "剩余履约义务（RPO）", "Q3")
    assert (growth.change, growth.direction, growth.metric) == ("YoY", "up", "剩余履约义务（RPO）")
    assert (added.change, added.direction) == ("QoQ", "up")
    assert rpo.sentence.startswith("甲骨文第三季度剩余履约义务") and rpo.page == 1


def test_oracle_quarter_figures_carry_the_fiscal_period(seed: Report) -> None:
    revenue = next(f for f in seed.figures if f.text == "172 亿美元")
    assert (revenue.subject, revenue.metric, revenue.period) == ("Oracle", "总收入", "FY2026Q3")
    guidance = next(f for f in seed.figures if f.text == "900 亿美元")
    assert guidance.period == "FY2027" and guidance.direction is None  # 上调至: a level, not a change


def test_the_seed_pdf_gives_the_same_figures_with_their_pages(seed_dir: Path, seed: Report) -> None:
    pdf = extract_figures(read_report(seed_dir / "guojin_ai_weekly_2026w11.pdf"))
    assert [(f.text, f.value, f.unit) for f in pdf.figures] == [(f.text, f.value, f.unit) for f in seed.figures]
    rpo = next(f for f in pdf.figures if f.text == "172 亿美元")
    assert rpo.page is not None and rpo.page > 1
