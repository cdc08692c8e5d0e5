"""A small fictional weekly report (Harbor Peak Securities) with its English,
for the editors' workflow tests: build, check, preview, template overrides.

Written for these tests; no text comes from the shared corpus.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from newsletter.cli import main

DISCLAIMER = "本报告仅供海峰证券股份有限公司的客户使用。本公司不会因接收人收到本报告而视其为客户。"

PARAGRAPHS = [
    "海峰证券 计算机行业周报",
    "分析师：林海 SAC执业证书编号：S0000000000001",
    "核心要点",
    "算力需求：本周云厂商资本开支保持增长，算力租赁价格保持稳定。",
    "应用落地：多家企业发布行业大模型，应用端商业化进展加快。",
    "一、本周市场回顾",
    "本周计算机板块表现强于大盘，成交活跃。",
    "二、行业动态",
    "某云厂商宣布新建智算中心，进一步扩充算力储备。",
    "风险提示",
    "技术进展不及预期；下游需求不及预期；行业竞争加剧。",
    "免责声明",
    DISCLAIMER,
    "本报告中的信息均来源于公开资料，本公司对这些信息的准确性及完整性不作任何保证。",
]

# (context, source) -> English; contexts as newsletter.issue pairs them.
ENGLISH = {
    ("title", "海峰证券 计算机行业周报"): "Harbor Peak Securities Computer Industry Weekly",
    (
        "key-point",
        PARAGRAPHS[3],
    ): "Compute demand: cloud capex kept growing this week; compute rental prices held steady.",
    (
        "key-point",
        PARAGRAPHS[4],
    ): "Adoption: several companies released industry models; commercialisation is speeding up.",
    ("heading", "一、本周市场回顾"): "1. Market review",
    ("paragraph", PARAGRAPHS[6]): "The computer sector beat the broad market this week on active trading.",
    ("heading", "二、行业动态"): "2. Industry news",
    (
        "paragraph",
        PARAGRAPHS[8],
    ): "A cloud provider announced a new AI computing centre, adding to its compute reserve.",
    (
        "risk",
        PARAGRAPHS[10],
    ): "Technology may progress more slowly than expected; demand may fall short; competition may intensify.",
    ("disclaimer", "免责声明"): "Disclaimer",
    ("disclaimer", DISCLAIMER): "This report is for clients of Harbor Peak Securities Co., Ltd. only.",
    (
        "disclaimer",
        PARAGRAPHS[13],
    ): "The information in this report comes from public sources; its accuracy is not guaranteed.",
}


def write_report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "weekly.txt"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return path


def write_catalog(path: Path, *, fuzzy: tuple[str, ...] = (), missing: tuple[str, ...] = ()) -> Path:
    """The English of every segment; sources in `fuzzy` need review, in `missing` have none."""
    catalog = Catalog(locale="en")
    for (context, source), english in ENGLISH.items():
        if source and source not in missing:
            flags = ["fuzzy"] if source in fuzzy else []
            catalog.add(source, english, context=context, flags=flags)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog)
    return path


def make_project(root: Path, *, fuzzy: tuple[str, ...] = (), missing: tuple[str, ...] = ()) -> Path:
    """A project folder: newsletter.toml, the report, its catalog, an empty templates/."""
    write_report(root)
    write_catalog(root / "translations" / "en.po", fuzzy=fuzzy, missing=missing)
    (root / "templates").mkdir(exist_ok=True)
    (root / "newsletter.toml").write_text(
        'brand = "Harbor Peak Weekly"\ntemplates = "templates"\n[translation]\ncatalog = "translations/en.po"\n',
        encoding="utf-8",
    )
    return root


def build_project(root: Path, *extra: str) -> tuple[int, Path]:
    """`newsletter build` run through main(); (exit code, issue folder)."""
    out = root / "out"
    config = str(root / "newsletter.toml")
    code = main(["build", str(root / "weekly.txt"), "--out", str(out / "issue"), "--config", config, "-q", *extra])
    return code, out / "issue"
