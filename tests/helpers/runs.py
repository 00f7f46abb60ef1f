"""Running the workflow on a study in its own folder, and reading what it wrote."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA") or ROOT.parent / "shared" / "realdata")
SNAKEMAKE = Path(sys.executable).parent / "snakemake"
PRASOJO = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"


def run_snakemake(workdir: Path, study: Path, *args: str) -> subprocess.CompletedProcess:
    """``snakemake --cores 2`` on a study, with the repository's Snakefile, in ``workdir``."""
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    cmd = [str(SNAKEMAKE), "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir),
           "--cores", "2", *args, f"--configfile={study}"]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=workdir, timeout=2400)


def default_study(work: Path, bootstrap: int = 100, language=("en", "zh")) -> Path:
    """The default study (config.yaml) with absolute paths and a light bootstrap, reported in
    English (reports/thesis.pdf) and Chinese (reports/thesis.zh.pdf) from one run."""
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["language"] = list(language)
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["report"]["recommendations"] = str(ROOT / "data" / "recommendations.yaml")
    cfg["analysis"]["bootstrap"] = bootstrap
    study = work / "study.yaml"
    study.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return study


PRASOJO_CODEBOOK = {
    "scales": {
        "TSC": {"label": "Teacher self-concept", "label_zh": "教师自我概念", "role": "resource",
                "level": "individual", "items": ["TSC1", "TSC2", "TSC3", "TSC4"], "range": [1, 5]},
        "TE": {"label": "Teacher efficacy", "label_zh": "教师效能感", "role": "resource",
               "level": "individual", "items": ["TE1", "TE2", "TE3", "TE5"], "range": [1, 5]},
        "EE": {"label": "Emotional exhaustion", "label_zh": "情绪衰竭", "role": "burnout",
               "items": ["EE1", "EE2", "EE3", "EE4"], "range": [1, 5]},
        "DE": {"label": "Depersonalization", "label_zh": "去人格化", "role": "burnout",
               "items": ["DE1", "DE2", "DE3"], "range": [1, 5]},
        "RPA": {"label": "Reduced personal accomplishment", "label_zh": "个人成就感降低",
                "role": "burnout", "items": ["RPA1", "RPA2", "RPA3", "RPA4"], "range": [1, 5]},
    }
}  # fmt: skip


def prasojo_study(work: Path) -> Path:
    """Prasojo et al. (2020): five scales, the authors' final structural model."""
    (work / "codebook.yaml").write_text(yaml.safe_dump(PRASOJO_CODEBOOK))
    study = {
        "title": "Teachers' burnout: a SEM analysis in an Asian context (Prasojo et al. 2020 data)",
        "data": {"path": str(PRASOJO)},
        "codebook": str(work / "codebook.yaml"),
        "model": {"structural": "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE\n"},
        "hypotheses": [
            {"id": "H1", "path": "EE ~ TE", "sign": "-", "text": "Efficacy lowers exhaustion.",
             "text_zh": "教师效能感负向影响情绪衰竭。"},
            {"id": "H2", "effect": "TSC -> TE -> EE", "sign": "-",
             "text": "Self-concept lowers exhaustion through efficacy.",
             "text_zh": "教师自我概念通过教师效能感降低情绪衰竭。"},
        ],
        "title_zh": "教师职业倦怠的结构方程模型分析（Prasojo等2020年数据）",
        "language": ["en", "zh"],
        "cleaning": {"exclude": ["duplicate_id", "longstring", "too_many_missing"]},
        "analysis": {"bootstrap": 50, "groups": [], "ordinal": "auto"},
    }  # fmt: skip
    path = work / "study.yaml"
    path.write_text(yaml.safe_dump(study, sort_keys=False))
    return path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self.skip += 1
        elif tag in ("p", "li", "td", "th", "h1", "h2", "tr", "div", "figure"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    """The visible text of an HTML file, with no-break spaces and word joiners normalized."""
    p = _Text()
    p.feed(Path(path).read_text(encoding="utf-8"))
    text = "".join(p.parts).replace("\u00a0", " ").replace("\u2060", "")
    return re.sub(r"[ \t]+", " ", text)


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph and list item of the report body."""
    return [s.strip() for s in html_text(path).split("\n") if s.strip()]


def prose(path: Path, references: bool = True) -> list[str]:
    """The paragraphs and list items of the report outside tables (the running text);
    without the reference list when ``references`` is False."""
    html = Path(path).read_text(encoding="utf-8")
    if not references:
        html = re.sub(r'<ul class="refs.*?</ul>', "", html, flags=re.S)
    html = re.sub(r'<section class="front (toc|lists)".*?</section>', "", html, flags=re.S)
    html = re.sub(r"<table.*?</table>", "", html, flags=re.S)
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    out = []
    for m in re.finditer(r"<(p|li)\b[^>]*>(.*?)</\1>", html, flags=re.S):
        t = re.sub(r"<[^>]+>", "", m.group(2))
        t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#39;", "'")
        t = t.replace("&#34;", '"').replace("\u00a0", " ").replace("\u2060", "")
        out.append(re.sub(r"\s+", " ", t).strip())
    return [t for t in out if t]
