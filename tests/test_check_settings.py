"""portal.toml's [history] and [repository]: read once, refused with a Chinese message when wrong."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from conftest import ROOT

from generator.check.settings import AuditSettings, load_audit_settings, settings_from_dict
from generator.problems import PortalError


def test_the_projects_portal_toml_sets_the_start_and_the_repository():
    settings = load_audit_settings(ROOT / "institutions")
    assert settings.since == dt.date(2026, 11, 25) and settings.branch == "main"
    assert settings.repository_url == "https://github.com/example/skill-eval-portal"


def test_evidence_links_point_to_the_file_at_the_commit():
    settings = AuditSettings(repository_url="https://github.com/example/portal/")
    assert (
        settings.evidence_url("institutions/X/plans.yaml", "abc123", 42)
        == "https://github.com/example/portal/blob/abc123/institutions/X/plans.yaml#L42"
    )
    assert settings.evidence_url("institutions/X/plans.yaml", None) is None
    assert AuditSettings().evidence_url("institutions/X/plans.yaml", "abc123") is None
    gitee = settings_from_dict(
        {"repository": {"url": "https://gitee.com/o/p", "file_url": "{url}/blob/{commit}/{path}"}}
    )
    assert gitee.evidence_url("a.yaml", "c0ffee") == "https://gitee.com/o/p/blob/c0ffee/a.yaml"


@pytest.mark.parametrize(
    "text,message",
    [
        ('[history]\nsince = "2026-01-01"\n', "[history] since 应为日期"),
        ("[history]\nstart = 2026-01-01\n", "[history] 中有未知的键：start"),
        ('[repository]\nurl = "javascript:alert(1)"\n', "[repository] url 应以 https:// 开头"),
        ('[repository]\nurl = "https://x.org"\nfile_url = "{url}/{path}"\n', "file_url 应包含 {commit} 和 {path}"),
    ],
)
def test_mistakes_are_refused_in_chinese(text, message):
    with pytest.raises(
        PortalError, match=message.replace("[", r"\[").replace("]", r"\]").replace("{", r"\{").replace("}", r"\}")
    ):
        settings_from_dict(tomllib.loads(text))
