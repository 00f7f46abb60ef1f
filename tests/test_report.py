"""Tests for surveysem.report: context from fixture tables, APA filters, recommendations,
the local-only fetcher, and a deterministic PDF."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pypdf
import pytest

from surveysem import report
from surveysem.codebook import parse_codebook

TEMPLATES = Path(__file__).resolve().parents[1] / "workflow" / "templates"

CODEBOOK = parse_codebook(
    {
        "scales": {
            "WL": {
                "label": "Workload",
                "role": "stressor",
                "level": "organizational",
                "items": ["wl1", "wl2", "wl3"],
                "range": [1, 5],
                "item_text": {"wl1": "I work <b>overtime</b> & weekends."},
            },
            "SS": {
                "label": "Social support",
                "role": "resource",
                "level": "social",
                "items": ["ss1", "ss2", "ss3"],
                "range": [1, 5],
            },
            "EE": {
                "label": "Emotional exhaustion",
                "role": "burnout",
                "items": ["ee1", "ee2", "ee3"],
                "range": [1, 5],
            },
            "WI": {
                "label": "Work initiative",
                "role": "outcome",
                "items": ["wi1", "wi2", "wi3"],
                "range": [1, 5],
            },
        },
        "demographics": {
            "gender": {
                "label": "Gender",
                "type": "categorical",
                "levels": {1: "male", 2: "female", 3: "other"},
            }
        },
    }
)
CONFIG = {
    "title": "Stress and burnout in a test station",
    "author": "A. Tester",
    "institution": "Test University",
    "language": "en",
    "simulated": True,
    "data": {"path": "data/raw/survey.csv", "id_column": "respondent_id"},
    "codebook": "data/codebook.yaml",
    "model": {
        "structural": "EE ~ WL + SS\nWI ~ EE",
        "extra": "",
        "composites": [],
        "indirect": "auto",
    },
    "hypotheses": [
        {"id": "H1", "path": "EE ~ WL", "sign": "+", "text": "Workload exhausts."},
        {"id": "H2", "path": "EE ~ SS", "sign": "-", "text": "Support protects."},
    ],
    "cleaning": {"exclude": ["speeder"], "min_duration_sec": 120, "mahalanobis_p": 0.001},
    "analysis": {
        "estimator": "ML",
        "missing": "listwise",
        "bootstrap": 500,
        "ci_level": 0.95,
        "seed": 7,
        "groups": ["gender"],
    },
    "report": {"recommendations": None},
}
PROVENANCE = {
    "files": [{"role": "raw data", "path": "data/raw/survey.csv", "sha256": "ab" * 32}],
    "packages": [{"name": "pandas", "version": "3.1"}],
    "python": "3.11",
    "git_commit": "0" * 40,
    "git_state": "clean",
    "seed": 7,
    "data_date": "2026-01-02",
    "data_timestamp": "2026-01-02T03:04:05Z",
    "data_date_source": "test",
}
LIBRARY = [
    {
        "id": "wl",
        "level": "organizational",
        "title": "Reduce workload",
        "text": "Cut overtime.",
        "constructs": ["WL"],
        "action": "reduce",
        "seeds": ["S0"],
    },
    {
        "id": "ss",
        "level": "social",
        "title": "Build support networks",
        "text": "Peer support.",
        "constructs": ["SS"],
        "action": "strengthen",
        "seeds": ["S0"],
    },
    {
        "id": "xx",
        "level": "individual",
        "title": "Unmodelled measure",
        "text": "-",
        "constructs": ["ZZ"],
        "action": "reduce",
        "seeds": [],
    },
]


def result_tables(strong: bool) -> dict[str, pd.DataFrame]:
    """A tiny result set; `strong` flips the key findings (WL -> EE, SS -> EE, fit)."""
    rng = np.random.default_rng(1 if strong else 2)
    n = 60
    data = {"respondent_id": [f"RESP-{i:04d}" for i in range(n)]}
    for it in CODEBOOK.items:
        data[it] = rng.integers(1, 6, n).astype(float)
    data["gender"] = [1] * 40 + [2] * 17 + [3] * 3
    b_wl, b_ss = (0.42, -0.31) if strong else (0.04, 0.02)
    ci_wl = (0.3, 0.6) if strong else (-0.08, 0.15)
    ci_ss = (-0.45, -0.15) if strong else (-0.1, 0.12)
    est = pd.DataFrame(
        [
            {
                "lhs": "WL",
                "op": "=~",
                "rhs": "wl1",
                "est": 1.0,
                "se": np.nan,
                "z": np.nan,
                "pvalue": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "std_all": 0.8,
            },
            {
                "lhs": "EE",
                "op": "~",
                "rhs": "WL",
                "est": b_wl * 1.1,
                "se": 0.05,
                "z": 8.0,
                "pvalue": 1e-6 if strong else 0.6,
                "ci_low": ci_wl[0],
                "ci_high": ci_wl[1],
                "std_all": b_wl,
            },
            {
                "lhs": "EE",
                "op": "~",
                "rhs": "SS",
                "est": b_ss * 1.1,
                "se": 0.05,
                "z": -6.0,
                "pvalue": 1e-5 if strong else 0.7,
                "ci_low": ci_ss[0],
                "ci_high": ci_ss[1],
                "std_all": b_ss,
            },
            {
                "lhs": "WI",
                "op": "~",
                "rhs": "EE",
                "est": -0.3,
                "se": 0.05,
                "z": -6.0,
                "pvalue": 1e-5,
                "ci_low": -0.4,
                "ci_high": -0.2,
                "std_all": -0.33,
            },
        ]
    )
    fit = pd.DataFrame(
        {
            "index": [
                "chisq",
                "df",
                "pvalue",
                "cfi",
                "tli",
                "rmsea",
                "rmsea_ci_low",
                "rmsea_ci_high",
                "srmr",
                "aic",
                "bic",
                "n",
            ],
            "value": [
                120.5,
                48,
                0.001,
                0.97 if strong else 0.82,
                0.96 if strong else 0.8,
                0.04 if strong else 0.12,
                0.03,
                0.05,
                0.04 if strong else 0.11,
                5000.0,
                5100.0,
                n,
            ],
        }
    )
    effects = pd.DataFrame(
        [
            {
                "effect": "WL -> EE -> WI",
                "kind": "indirect",
                "est": -0.13,
                "se": 0.03,
                "ci_low": -0.2,
                "ci_high": -0.07,
                "std_all": -0.14,
                "method": "percentile bootstrap, 500 resamples",
                "n_failed": 0,
            },
            {
                "effect": "WL -> EE",
                "kind": "total",
                "est": b_wl * 1.1,
                "se": 0.05,
                "ci_low": ci_wl[0],
                "ci_high": ci_wl[1],
                "std_all": b_wl,
                "method": "percentile bootstrap, 500 resamples",
                "n_failed": 0,
            },
            {
                "effect": "SS -> EE",
                "kind": "total",
                "est": b_ss * 1.1,
                "se": 0.05,
                "ci_low": ci_ss[0],
                "ci_high": ci_ss[1],
                "std_all": b_ss,
                "method": "percentile bootstrap, 500 resamples",
                "n_failed": 0,
            },
        ]
    )
    hyp = pd.DataFrame(
        [
            {
                "id": "H1",
                "text": "Workload exhausts.",
                "path_or_effect": "EE ~ WL",
                "expected_sign": "+",
                "est": b_wl * 1.1,
                "std_all": b_wl,
                "ci_low": ci_wl[0],
                "ci_high": ci_wl[1],
                "pvalue": 0.001,
                "supported": strong,
            },
            {
                "id": "H2",
                "text": "Support protects.",
                "path_or_effect": "EE ~ SS",
                "expected_sign": "-",
                "est": b_ss * 1.1,
                "std_all": b_ss,
                "ci_low": ci_ss[0],
                "ci_high": ci_ss[1],
                "pvalue": 0.001,
                "supported": strong,
            },
        ]
    )
    return {
        "clean/data": pd.DataFrame(data),
        "clean/flow": pd.DataFrame(
            {
                "step": ["speeder", "longstring"],
                "n_before": [70, 65],
                "n_excluded": [5, 5],
                "n_after": [65, 60],
            }
        ),
        "clean/exclusions": pd.DataFrame(
            {"row": [3], "id": ["RESP-9999"], "reason": ["speeder"], "detail": ["30 s"]}
        ),
        "clean/cell_fixes": pd.DataFrame(
            {
                "row": [4],
                "id": ["RESP-8888"],
                "column": ["wl1"],
                "value": ["５"],
                "reason": ["full-width digit"],
            }
        ),
        "reliability/scales": pd.DataFrame(
            {
                "scale": ["WL", "SS", "EE", "WI"],
                "n_items": [3] * 4,
                "n": [n] * 4,
                "alpha": [0.81, 0.77, 0.9, 0.66],
                "alpha_ci_low": [0.7] * 4,
                "alpha_ci_high": [0.9] * 4,
                "omega": [0.82, 0.78, 0.91, 0.7],
                "cr": [0.82, 0.78, 0.91, 0.7],
                "ave": [0.6, 0.55, 0.7, 0.45],
            }
        ),
        "cfa/fit": fit,
        "sem/fit": fit,
        "cfa/estimates": est[est["op"] == "=~"],
        "sem/estimates": est,
        "sem/effects": effects,
        "sem/hypotheses": hyp,
        "sem/r2": pd.DataFrame({"variable": ["EE", "WI"], "r2": [0.3, 0.1]}),
        "groups/differences": pd.DataFrame(
            {
                "outcome": ["EE"],
                "group_var": ["gender"],
                "test": ["Welch ANOVA"],
                "statistic": [5.0],
                "df1": [2],
                "df2": [30.2],
                "pvalue": [0.01 if strong else 0.5],
                "p_holm": [0.01 if strong else 0.5],
                "effect_size": [0.08],
                "effect_size_name": ["eta_squared"],
                "es_ci_low": [0.0],
                "es_ci_high": [0.2],
            }
        ),
        "groups/descriptives": pd.DataFrame(
            {
                "outcome": ["EE"] * 3,
                "group_var": ["gender"] * 3,
                "level": ["male", "female", "other"],
                "n": [40, 17, 3],
                "mean": [3.1, 2.9, 4.87654],
                "sd": [0.5, 0.6, 0.1],
                "suppressed": [False, False, False],
            }
        ),
        "efa/harman": pd.DataFrame({"factor": [1], "variance_share": [0.31]}),
    }


def context(strong=True, **kw):
    return report.build_context(
        result_tables(strong),
        CONFIG,
        CODEBOOK,
        PROVENANCE,
        recommendations=LIBRARY,
        references=[
            {
                "key": "x",
                "authors": "Cohen, J.",
                "year": 1988,
                "title": "Power",
                "publisher": "Erlbaum",
            }
        ],
        seeds={"S0": "A seed study"},
        figures=kw.get("figures", {}),
    )


def test_context_numbers_tables_in_order_and_keeps_raw_values():
    ctx = context()
    nums = [t["number"] for t in ctx["table_list"]]
    assert nums == list(range(1, len(nums) + 1))
    assert ctx["tables"]["tab-instruments"]["number"] == 1
    assert ctx["n"] == {"received": 70, "analysed": 60, "excluded": 10}
    row = ctx["tables"]["tab-reliability"]["rows"][0]
    assert row["alpha"] == 0.81  # raw, unrounded
    assert "tab-efa-harman" in ctx["tables"]  # generic table for an unknown-shape result


def test_fmt_cell_filters():
    row = {
        "a": 0.3249,
        "p": 0.0004,
        "lo": -0.12,
        "hi": 0.34,
        "n": 3,
        "_suppressed": ("n",),
        "c1": 0.45,
        "p1": 0.003,
    }
    cell = report.fmt_cell
    assert cell(row, {"key": "a", "fmt": "b2"}) == ".32"
    assert cell(row, {"key": "a", "fmt": "num3"}) == "0.325"
    assert cell(row, {"key": "p", "fmt": "p"}) == "< .001"
    assert cell(row, {"key": "lo|hi", "fmt": "ci"}) == "[−0.12, 0.34]"
    assert cell(row, {"key": "n", "fmt": "int"}) == "< 5"
    assert cell(row, {"key": "c1", "fmt": "corr"}) == ".45<sup>**</sup>"
    with pytest.raises(ValueError, match="unknown format"):
        cell(row, {"key": "a", "fmt": "weird"})


def test_small_cells_are_suppressed():
    ctx = context()
    rows = ctx["tables"]["tab-group-desc"]["rows"]
    other = [r for r in rows if r["level"] == "other"][0]
    assert other["mean"] is None and "mean" in other["_suppressed"]
    prof = ctx["tables"]["tab-sample"]["rows"]
    assert [r for r in prof if r["level"] == "other"][0]["_suppressed"]
    html = report.render_html(ctx, TEMPLATES)
    assert "4.88" not in html  # the suppressed mean never reaches the report


def test_claims_change_with_results():
    a, b = context(strong=True), context(strong=False)
    assert a["abstract"] != b["abstract"]
    assert "All 2 hypotheses were supported" in " ".join(a["text"]["hypotheses"])
    assert "None of the 2 hypotheses was supported" in " ".join(b["text"]["hypotheses"])
    assert any(
        "workload" in s.lower() and "strongest reliable predictor" in s for s in a["abstract"]
    )
    assert any("No stressor or resource had a reliable effect" in s for s in b["abstract"])
    assert "fitted the data well" in a["text"]["measurement"][0]
    assert "did not fit the data well" in b["text"]["measurement"][0]
    assert "differed by gender" in a["text"]["groups"][0]
    assert "None of the 1 parametric group comparisons" in b["text"]["groups"][0]
    assert [r["title"] for r in a["recommendations"]["organizational"]] == ["Reduce workload"]
    assert b["recommendations"]["organizational"] == []
    ha, hb = report.render_html(a, TEMPLATES), report.render_html(b, TEMPLATES)
    assert "H1 (WL → EE) was supported" in ha and "H1 (WL → EE) was not supported" in hb


def test_rank_recommendations():
    t = result_tables(True)
    r = report.rank_recommendations(LIBRARY, t["sem/effects"], t["sem/estimates"], CODEBOOK)
    assert list(r["id"]) == ["wl", "ss", "xx"]
    assert list(r["rank"][:2]) == [1, 2] and np.isnan(r["rank"][2])
    assert r.loc[0, "basis"] == "WL → EE (total effect)" and r.loc[0, "std_all"] == pytest.approx(
        0.42
    )
    assert "not in the structural model" in r.loc[2, "reason"]
    # an action against the evidence is unsupported: strengthening workload would not help
    bad = [{**LIBRARY[0], "action": "strengthen"}]
    rb = report.rank_recommendations(bad, t["sem/effects"], t["sem/estimates"], CODEBOOK)
    assert not rb.loc[0, "supported"] and "against the intended direction" in rb.loc[0, "reason"]
    weak = result_tables(False)
    rw = report.rank_recommendations(LIBRARY, weak["sem/effects"], weak["sem/estimates"], CODEBOOK)
    assert not rw["supported"].any()
    with pytest.raises(ValueError, match="action"):
        report.rank_recommendations(
            [{**LIBRARY[0], "action": "double"}], t["sem/effects"], t["sem/estimates"], CODEBOOK
        )


def test_html_is_escaped_and_free_of_respondent_ids():
    html = report.render_html(context(), TEMPLATES)
    assert "&lt;b&gt;overtime&lt;/b&gt; &amp; weekends" in html
    assert "<b>overtime</b>" not in html
    for rid in ("RESP-0001", "RESP-9999", "RESP-8888"):
        assert rid not in html
    for title in (
        "1 Introduction",
        "2 Theory",
        "3 Method",
        "4 Results",
        "5 Discussion",
        "6 Recommendations",
        "7 Limitations",
        "References",
        "Appendix A",
    ):
        assert f">{title}" in html
    assert "Simulated demonstration data" in html
    assert 'content="2026-01-02T03:04:05Z"' in html


def test_strict_undefined_raises():
    ctx = context()
    del ctx["keywords"]
    with pytest.raises(Exception, match="keywords"):
        report.render_html(ctx, TEMPLATES)


def test_fetcher_refuses_network():
    f = report.LocalOnlyFetcher()
    for url in (
        "http://example.com/x.png",
        "https://example.com/a.css",
        "ftp://x/y",
        "data:image/png;base64,AA==",
    ):
        with pytest.raises(report.RemoteURLRefused, match="only local files"):
            f.fetch(url)
    with pytest.raises(report.RemoteURLRefused):
        report.local_url_fetcher("http://example.com/")


def test_html_with_remote_image_does_not_print(tmp_path):
    html = '<html><body><p>x</p><img src="http://example.com/tracker.png"></body></html>'
    with pytest.raises(report.RemoteURLRefused):
        report.html_to_pdf(html, tmp_path, tmp_path / "x.pdf")


def test_local_file_is_fetched(tmp_path):
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    r = report.LocalOnlyFetcher().fetch((tmp_path / "a.svg").as_uri())
    assert r is not None


@pytest.mark.slow
def test_pdf_is_byte_identical_and_has_text(tmp_path):
    from surveysem.figures import figure_svg, screening_flow

    t = result_tables(True)
    (tmp_path / "flow.svg").write_bytes(figure_svg(screening_flow(t["clean/flow"])))
    html = report.render_html(context(figures={"flow": "flow.svg"}), TEMPLATES)
    report.html_to_pdf(html, tmp_path, tmp_path / "a.pdf")
    report.html_to_pdf(html, tmp_path, tmp_path / "b.pdf")
    a, b = (tmp_path / "a.pdf").read_bytes(), (tmp_path / "b.pdf").read_bytes()
    assert a == b
    reader = pypdf.PdfReader(io.BytesIO(a))
    text = " ".join(p.extract_text() for p in reader.pages)
    for title in (
        "Introduction",
        "Theory",
        "Method",
        "Results",
        "Discussion",
        "Recommendations",
        "Limitations",
        "References",
    ):
        assert title in text
    assert "β = .42" in text  # the WL -> EE coefficient, formatted APA-style
    assert str(reader.metadata.get("/CreationDate")).startswith("D:20260102030405")
    assert reader.outline  # bookmarks


def test_collect_provenance(tmp_path):
    f = tmp_path / "d.csv"
    f.write_bytes(b"a,b\n1,2\n")
    p = report.collect_provenance(
        {"raw data": f}, data_file=f, seed=3, repo_dir=tmp_path, source_date_epoch="86400"
    )
    import hashlib

    assert p["files"][0]["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert len(p["files"][0]["sha256"]) == 64
    assert p["data_date"] == "1970-01-02" and p["data_date_source"] == "SOURCE_DATE_EPOCH"
    assert p["git_state"] == "not a git repository"
    assert p["packages"][0]["name"] == "Python"
    with pytest.raises(ValueError, match="does not exist"):
        report.collect_provenance(
            {"raw data": tmp_path / "nope.csv"}, data_file=f, seed=3, repo_dir=tmp_path
        )


def _inv(delta_cfi_scalar):
    return pd.DataFrame(
        {
            "group_var": ["gender"] * 3,
            "model": ["configural", "metric", "scalar"],
            "chisq": [100.0, 110.0, 130.0],
            "df": [50, 56, 62],
            "cfi": [0.98, 0.978, 0.978 + delta_cfi_scalar],
            "tli": [0.97] * 3,
            "rmsea": [0.03] * 3,
            "srmr": [0.03] * 3,
            "delta_chisq": [np.nan, 10.0, 20.0],
            "delta_df": [np.nan, 6, 6],
            "delta_pvalue": [np.nan, 0.12, 0.003],
            "delta_cfi": [np.nan, -0.002, delta_cfi_scalar],
            "delta_rmsea": [np.nan, 0.001, 0.002],
            "freed": ["", "", ""],
        }
    )


def test_invariance_verdict_follows_delta_cfi_and_precedes_group_comparisons():
    ok = report.invariance_verdicts(_inv(-0.004))
    bad = report.invariance_verdicts(_inv(-0.02))
    assert ok.loc[0, "level"] == "scalar" and bool(ok.loc[0, "means_comparable"])
    assert bad.loc[0, "level"] == "metric" and not bool(bad.loc[0, "means_comparable"])
    tables = result_tables(True)
    tables["groups/invariance"] = _inv(-0.02)
    ctx = report.build_context(tables, CONFIG, CODEBOOK, PROVENANCE, recommendations=LIBRARY)
    assert "metric but not scalar invariance held" in ctx["text"]["invariance"][0]
    html = report.render_html(ctx, TEMPLATES)
    # the verdict and its table come before any comparison of group means
    assert html.index('id="tab-invariance"') < html.index("differed by gender")
    assert ctx["tables"]["tab-invariance"]["number"] < ctx["tables"]["tab-groups"]["number"]
    ctx2 = context()
    assert "invariance across the groups was not tested" in report.render_html(ctx2, TEMPLATES)


def test_mi_table_is_information_only_and_mlr_fit_is_shown():
    tables = result_tables(True)
    tables["cfa/mi"] = pd.DataFrame(
        {
            "lhs": ["EE", "wl1"],
            "op": ["=~", "~~"],
            "rhs": ["wl2", "wl3"],
            "mi": [4.2, 12.5],
            "epc": [0.1, 0.2],
            "sepc_all": [0.05, 0.11],
        }
    )
    fit = tables["sem/fit"]
    extra = pd.DataFrame(
        {
            "index": ["chisq_scaled", "cfi_robust", "tli_robust", "rmsea_robust"],
            "value": [91.5, 0.951, 0.94, 0.041],
        }
    )
    tables["sem/fit"] = pd.concat([fit, extra], ignore_index=True)
    ctx = report.build_context(tables, CONFIG, CODEBOOK, PROVENANCE)
    mi = ctx["tables"]["tab-mi"]
    assert mi["rows"][0]["mi"] == 12.5  # sorted, largest first
    assert "no parameter was freed" in mi["note"]
    keys = [c["key"] for c in ctx["tables"]["tab-fit"]["columns"]]
    assert "cfi_robust" in keys and "tli_robust" in keys and "chisq_scaled" in keys
    html = report.render_html(ctx, TEMPLATES)
    assert html.index('id="tab-mi"') < html.index('id="sec-4-7"')
    assert "12.50" in html and ".951" in html


def test_group_tables_use_codebook_labels_and_details_go_to_the_appendix():
    ctx = context()
    mat = ctx["tables"]["tab-groups"]
    labels = [c["label"] for c in mat["columns"]]
    assert "Gender" in labels and "gender" not in labels
    assert mat["rows"][0]["Gender"].startswith("η² = .08*")
    html = report.render_html(ctx, TEMPLATES)
    assert html.index('id="app-b"') < html.index('id="tab-groups-full"')
    assert html.index('id="app-b"') < html.index('id="tab-group-desc"')


def test_key_indirect_effects_and_summary():
    eff = pd.DataFrame(
        {
            "effect": ["A -> M -> Y", "B -> M -> Y", "C -> M -> Y", "A -> M"],
            "kind": ["indirect", "indirect", "indirect", "direct"],
            "est": [0.02, 0.3, -0.2, 0.5],
            "se": [0.01, 0.05, 0.05, 0.05],
            "ci_low": [-0.001, 0.2, -0.3, 0.4],
            "ci_high": [0.04, 0.4, -0.1, 0.6],
            "std_all": [0.02, 0.31, -0.22, 0.5],
            "method": ["percentile bootstrap, 50 resamples"] * 4,
        }
    )
    hyp = pd.DataFrame({"path_or_effect": ["A -> M -> Y"]})
    key = report.key_indirect_effects(eff, hyp, top=1)
    assert list(key["effect"]) == ["A -> M -> Y", "B -> M -> Y"]
    s = " ".join(report.summarize_indirect(eff, hyp, CODEBOOK))
    assert "implies 3 indirect effects; for 2 of them" in s
    assert "β = .310" in s


def test_prose_keeps_numbers_on_one_line_and_escapes():
    out = str(report.prose("a <b> with β = −.24 and p < .001, n = 12.5"))
    assert "&lt;b&gt;" in out
    wj = "\u2060"
    assert f"β\u00a0=\u00a0−{wj}.{wj}24" in out
    assert f"p\u00a0&lt;\u00a0.{wj}001" in out
    assert "12.5" in out  # a point inside a number is left alone


def test_matrix_table_is_lower_triangular_with_diagonal():
    fl = pd.DataFrame(
        {
            "scale_a": ["A", "A", "B"],
            "scale_b": ["A", "B", "B"],
            "value": [0.8, 0.3, 0.7],
        }
    )
    t = report._matrix_table(fl, "tab-x", "t", "n")
    a, b = t["rows"]
    assert a["A"] == 0.8 and not report._isnum(a["B"])
    assert b["A"] == 0.3 and b["B"] == 0.7
    assert report.fmt_cell(a, {"key": "B", "fmt": "m2"}) == ""
