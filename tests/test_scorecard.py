"""The corpus scorecard's measures, on small reports of a fictional broker."""

from __future__ import annotations

from typing import Any

from bench import corpus
from bench.scorecard import (
    broker_agrees,
    fragment_headings,
    heading_f1,
    is_table_noise,
    noise,
    score_gold,
    score_wide,
    squash,
    title_agrees,
)

GOLD: dict[str, Any] = {
    "title": "示例行业景气回升，龙头份额扩大",
    "title_prefix": "示例行业周报",
    "broker": "示例证券",
    "date": "2030-03-04",
    "analysts": [
        {"name": "张三", "sac": "S0000512340001", "email": "zhangsan@example.com"},
        {"name": "李四", "sac": None, "email": None},
    ],
    "key_points": [{"heading": "需求回暖：", "text": "本周示例产品出货量环比增长 12%，价格企稳。"}],
    "sections": [
        {
            "heading": "1、 行业动态",
            "level": 1,
            "paragraphs": ["示例协会公布二月数据，行业销量同比增长 8%。", "示例公司"],
            "sections": [],
        },
        {"heading": "2、 风险提示", "level": 1, "paragraphs": ["需求不及预期；原材料涨价。"], "sections": []},
    ],
    "risks": ["需求不及预期；原材料涨价。"],
    "disclaimer": ["本报告仅供示例证券的客户使用，不构成投资建议。"],
    "disclaimer_other": ["分析师保证本报告观点独立、客观。"],
}


def _extracted(**changes: Any) -> dict[str, Any]:
    report: dict[str, Any] = {
        "title": "示例行业周报：示例行业景气回升，龙头份额扩大",
        "broker": "示例证券",
        "date": "2030-03-04",
        "analysts": [
            {"name": "张三", "sac": "S0000512340001", "email": "zhangsan@example.com"},
            {"name": "李四", "sac": None, "email": None},
        ],
        "key_points": [{"heading": "需求回暖：", "text": "本周示例产品出货量环比增长 12%，价格企稳。"}],
        "sections": [
            {
                "heading": "1、行业动态",
                "paragraphs": ["示例协会公布二月数据，行业销量同比增长8%。"],
                "sections": [{"heading": "示例公司", "paragraphs": [], "sections": []}],
            },
            {"heading": "2、 风险提示", "paragraphs": ["需求不及预期；原材料涨价。"], "sections": []},
        ],
        "risks": ["风险提示：需求不及预期；原材料涨价。"],
        "disclaimer": ["免责声明", "本报告仅供示例证券的客户使用，不构成投资建议。"],
        "disclaimer_other": ["分析师保证本报告观点独立、客观。"],
    }
    return report | changes


def test_a_faithful_extraction_scores_full_marks() -> None:
    score = score_gold(_extracted(), GOLD)
    # One paragraph differs only by a space at a digit: found loosely, not exactly.
    assert score.paragraphs == 1.0 and score.paragraphs_exact == 5 / 6
    assert score.kept == 1.0 and score.noise == 0.0 and score.headings_f1 == 1.0
    assert score.risks == 1.0 and score.disclaimer == 1.0 and score.disclaimer_foreign == 0
    assert score.title and score.broker and score.date and score.analysts and score.emails


def test_lost_split_and_foreign_text_are_counted() -> None:
    address = "地址：示例市示例路 1 号示例大厦 20 层 邮编：000000"
    split = {"heading": "1、行业动态", "paragraphs": ["示例协会公布二月数据，", "行业销量同比增长8%。"], "sections": []}
    report = _extracted(
        sections=[split],
        disclaimer=["免责声明", "本报告仅供示例证券的客户使用，不构成投资建议。", "股票评级", address],
        disclaimer_other=["分析师与研究助理简介", "分析师保证本报告观点独立、客观。"],
        analysts=[{"name": "张三", "sac": "S0000512340001", "email": None}],
        date=None,
    )
    score = score_gold(report, GOLD)
    assert score.paragraphs == 4 / 6  # not the split paragraph, nor the lost bold label
    assert score.kept == 5 / 6  # the split one is still there as text; the bold label is lost
    assert score.disclaimer_foreign == len(squash(address))  # nor a group cell, nor a block's heading
    assert score.noise > 0.2
    assert not score.analysts and not score.emails and not score.date


def test_a_bold_label_may_be_a_heading_or_a_paragraph() -> None:
    gold = ["1、行业动态"]
    assert heading_f1(["1、 行业动态", "示例公司"], gold, labels=["示例公司"]) == 1.0
    assert heading_f1(["1、 行业动态", "示例公司"], gold, labels=[]) == 2 / 3
    assert heading_f1([], gold, labels=[]) == 0.0
    assert heading_f1([], [], labels=[]) == 1.0


def test_noise_is_the_share_of_characters_not_in_the_reference() -> None:
    reference = squash("本周示例产品出货量环比增长，价格企稳。")
    assert noise(["本周示例产品出货量环比增长"], reference) == 0.0
    assert noise(["本周示例产品出货量环比增长", "股票报告网整理"], reference) == 7 / 20


def test_fragments_and_table_rows() -> None:
    assert fragment_headings(["投", "目  录", "1.1 光伏", "事件："]) == ["投", "目  录"]
    assert is_table_noise("营业收入 1,234 1,456 1,789 2,012")
    assert not is_table_noise("公司 2029 年营收增长 12%，利润增长 8%，毛利率 30%。")


def test_wide_titles_agree_when_one_adds_a_stock_code() -> None:
    assert title_agrees("示例股份（600000）：业绩超预期，储能放量", "示例股份业绩超预期，储能放量")
    assert not title_agrees("投资评级 买入 维持 示例股份", "示例股份业绩超预期，储能放量")
    score = score_wide(_extracted(date="2030-03-06"), "示例行业景气回升，龙头份额扩大", "示例证券", "2030-03-04")
    assert score.title and score.broker and score.date is True
    assert score_wide(_extracted(), "x", "示例证券", None).date is None
    assert broker_agrees("示例证券", "示例") and broker_agrees("Example", "Example (示例)")
    assert not broker_agrees("我司证券", "示例证券") and not broker_agrees(None, "示例证券")


def test_the_verdict_fails_on_regression_only_with_a_baseline(tmp_path: Any) -> None:
    baseline = tmp_path / "baseline.json"
    args = corpus._parser().parse_args(["--write-baseline", str(baseline)])
    metrics = {"gold.paragraphs": 0.5, "corpus.tracebacks": 3.0}
    assert corpus._verdict(metrics, args) == 1  # below the targets
    gated = corpus._parser().parse_args(["--baseline", str(baseline)])
    assert corpus._verdict(metrics, gated) == 0
    assert corpus._verdict({"gold.paragraphs": 0.6, "corpus.tracebacks": 2.0}, gated) == 0
    assert corpus._verdict({"gold.paragraphs": 0.49, "corpus.tracebacks": 3.0}, gated) == 1
    assert corpus._verdict({"gold.paragraphs": 0.5, "corpus.tracebacks": 4.0}, gated) == 1
