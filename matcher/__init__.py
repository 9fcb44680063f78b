"""Taxonomy, classifier, eligibility extraction and matching."""
