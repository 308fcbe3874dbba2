"""Validate: turn the files of one institution folder into a sorted list of problems."""

from __future__ import annotations

from ..load.folder import InstitutionFiles
from ..problems import Problem, cap_per_file
from .inspections import check_inspection_rules
from .placeholders import drop_placeholder_echoes, placeholder_problems
from .rules import check_institution_rules
from .schema import validate_against_schema
from .sealed import check_sealed_folder
from .text import check_text_characters
from .text_dates import iso_date_warnings


def validate_institution(files: InstitutionFiles) -> list[Problem]:
    problems = list(files.problems)
    characters: list[Problem] = []
    for schema_name, doc in files.docs.items():
        if doc.problems and doc.data is None:
            continue  # unreadable: the loader already said why
        characters += check_text_characters(doc, schema_name)
        problems += validate_against_schema(doc, schema_name)
        problems += iso_date_warnings(doc, schema_name)
    for doc in files.inspections:
        if doc.data is not None or not doc.problems:
            characters += check_text_characters(doc, "inspection")
            problems += validate_against_schema(doc, "inspection")
    problems += check_institution_rules(files)
    problems += check_inspection_rules(files.inspections)
    # "含有换行" says more than "格式不正确" about the same value: keep only the former
    named = {(p.path, p.key) for p in characters}
    problems = [p for p in problems if (p.path, p.key) not in named] + characters
    problems = drop_placeholder_echoes(problems, placeholder_problems(files))
    problems += check_sealed_folder(files)
    hidden = {
        doc.path: doc.hidden_problems for doc in [*files.docs.values(), *files.inspections] if doc.hidden_problems
    }
    return cap_per_file(sorted(set(problems)), hidden)
