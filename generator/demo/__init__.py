"""Synthetic national-scale demo data: `portal demo-data` (institution folders, sealed records, git history)."""
