"""Phrase builders: every sentence, title and note of the report, one package per language.

A language package (``en``) has one module per topic with the same functions in every
language; section builders call them with facts and never build text themselves.
"""
