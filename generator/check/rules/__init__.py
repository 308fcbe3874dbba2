"""The rule modules, one per group of indicators; importing them registers every rule."""

from . import basic, certificates, channels, feedback, fees, planning, publicity, supervision  # noqa: F401
