"""Helpers shared by the test modules (the workflow runs, text extraction)."""
