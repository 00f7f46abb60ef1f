"""Rendering: text markup, escaping, table cells formatted by their column."""

from surveysem.criteria import AVE_MIN
from surveysem.report.doc import Column
from surveysem.report.render import cell, markup


def test_markup_escapes_and_sets_symbols_in_italics():
    s = str(markup("*p* < .001, *M* = 3.1, <b>x</b> & __H1__, *R*² = .5"))
    assert "<i>p</i>" in s and "<i>M</i>" in s and "<i>R</i>²" in s
    assert "&lt;b&gt;" in s and "&amp;" in s and "<strong>H1</strong>" in s
    assert "\u00a0" in s  # no break between a relation and its number


def test_stars_are_not_italics():
    s = str(markup("* *p* < .05. ** *p* < .01. *** *p* < .001."))
    assert s.count("<i>p</i>") == 3 and "***" in s


def test_cells_follow_the_column_kind_and_cut():
    row = {"ave": 0.4996, "lo": -0.0633, "hi": -0.0028, "p": 0.0004, "n": 3, "_suppressed": ("n",)}

    def shown(c):
        return str(cell(row, c)).replace("\u2060", "").replace("\u00a0", " ")

    assert shown(Column("ave", "AVE", "rel", AVE_MIN)) == ".4996"
    assert shown(Column("lo|hi", "CI", "ci:std")) == "[−.063, −.003]"
    assert shown(Column("p", "p", "p")) == "&lt; .001"
    assert shown(Column("n", "n", "int")) == "&lt; 5"
