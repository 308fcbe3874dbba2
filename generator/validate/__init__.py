"""Validate: turn the files of one institution folder into a sorted list of problems."""

from __future__ import annotations

from ..load.folder import InstitutionFiles
from ..problems import Problem
from .placeholders import drop_placeholder_echoes, placeholder_problems
from .rules import check_institution_rules
from .schema import validate_against_schema


def validate_institution(files: InstitutionFiles) -> list[Problem]:
    problems = list(files.problems)
    for kind, doc in files.docs.items():
        if doc.problems and doc.data is None:
            continue  # unreadable: the loader already said why
        problems += validate_against_schema(doc, kind)
    problems += check_institution_rules(files)
    problems = drop_placeholder_echoes(problems, placeholder_problems(files))
    return sorted(set(problems))
