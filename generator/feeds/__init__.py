"""The publish stage for machine-readable outputs: calendar feeds, the change feed and the open data files.

Each module turns the catalog into files (site path → bytes); none of them renders HTML or knows the site generator.
"""
