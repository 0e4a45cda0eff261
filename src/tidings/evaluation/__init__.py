"""Scoring tidings output against gold data (``tidings eval``)."""
