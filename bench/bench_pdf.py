"""PDF reader: time and peak memory against pdfplumber's bare extract_text().

Both sides run as whole processes on the same generated ~300-page report
(Chinese text in paragraphs, running header and footer, an analyst sidebar
on page one),
in interleaved rounds: each round runs both, in alternating order, so drift
in the machine's load hits both sides alike. Every round is printed; the
verdict is the median of the rounds' ratios (one noisy round cannot pass or
fail it), with the best-of-N ratio shown beside it. Targets (issue 3): our
extraction costs at most 1.3x the baseline, and stays under 500 MB peak RSS.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = 300
ROUNDS = 3
MAX_RATIO = 1.3
MAX_RSS_MB = 500

BASELINE = """
import resource, sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

# The reader alone (what `extract --json` prints, without the later
# key-figures stage, which has its own benchmark budget).
OURS = """
import resource, sys
from pathlib import Path
from newsletter.readers import read_report
from newsletter.serialize import dumps, report_to_json
dumps(report_to_json(read_report(Path(sys.argv[1]))))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

SENTENCE = (
    "海峰证券研究所认为，本周算力板块景气度延续，光模块与 AI 服务器订单环比增长 {n}%，"
    "产业链上游的交换芯片、PCB 与液冷环节有望持续受益，建议关注具备技术壁垒与客户优势的龙头公司。"
)


def make_report(path: Path, pages: int = PAGES) -> None:
    """A long fictional weekly in the shape of a real one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number in range(1, pages + 1):
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(50, height - 36, "行业周报")
        pdf.drawRightString(width - 50, height - 36, "海峰证券")
        pdf.drawString(50, 30, f"请务必阅读正文之后的免责声明  {number} / {pages}")
        left = 200 if number == 1 else 57
        if number == 1:
            pdf.drawString(57, height - 120, "分析师 林海 S0000000000001")
        pdf.setFont("STSong-Light", 10)
        y = height - 80
        chars = int((width - 57 - left) / 10)
        for line in range(42):
            text = SENTENCE.format(n=(number * line) % 97)[(line * 7) % 20 :][:chars]
            last = line % 6 == 5  # paragraphs of six lines, the last one short
            pdf.drawString(left, y, text[: chars // 2] + "。" if last else text)
            y -= 24 if last else 17
        pdf.showPage()
    pdf.save()


def run(code: str, pdf: Path) -> tuple[float, int]:
    """Wall time of one whole process and its peak RSS in kB."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
    return elapsed, int(done.stderr.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "long_report.pdf"
        print(f"generating a {PAGES}-page report...", flush=True)
        make_report(pdf)
        rounds = [_round(pdf, number) for number in range(ROUNDS)]
    base_times, our_times = [r[0][0] for r in rounds], [r[1][0] for r in rounds]
    base_rss, our_rss = max(r[0][1] for r in rounds), max(r[1][1] for r in rounds)
    ratio = statistics.median(ours / base for base, ours in zip(base_times, our_times, strict=True))
    best = min(our_times) / min(base_times)
    print(f"pdfplumber extract_text(): median {statistics.median(base_times):.2f}s  peak {base_rss / 1024:.0f} MB")
    print(f"newsletter PDF reader:     median {statistics.median(our_times):.2f}s  peak {our_rss / 1024:.0f} MB")
    print(f"ratio {ratio:.2f}x median of rounds, {best:.2f}x best-of-{ROUNDS} (target <= {MAX_RATIO}x)")
    print(f"peak RSS target < {MAX_RSS_MB} MB")
    ok = ratio <= MAX_RATIO and our_rss / 1024 < MAX_RSS_MB
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def _round(pdf: Path, number: int) -> tuple[tuple[float, int], tuple[float, int]]:
    """Baseline and ours once each; odd rounds run ours first."""
    if number % 2:
        ours = run(OURS, pdf)
        base = run(BASELINE, pdf)
    else:
        base = run(BASELINE, pdf)
        ours = run(OURS, pdf)
    print(
        f"round {number + 1}: baseline {base[0]:.2f}s, ours {ours[0]:.2f}s, ratio {ours[0] / base[0]:.2f}x", flush=True
    )
    return base, ours


if __name__ == "__main__":
    sys.exit(main())
