"""`portal check` nudges ISO dates in free text ("自 2026-10-20 起") towards 2026年10月20日: a located warning."""

from __future__ import annotations

import shutil

from conftest import ROOT

from generator.cli import main
from generator.validate.text_dates import _dates_in

SUSPENDED = "institutions/91110105MA01ABC12R"


def test_only_real_dates_in_running_text_are_found():
    assert _dates_in("自 2026-10-20 起暂停") == [(2, "2026-10-20", "2026年10月20日")]
    assert _dates_in("批次 NJ-2026-06-12 见 https://example.org/2026-10-20/x，2026-02-30 不是日期") == []


def test_check_warns_at_the_dates_line_and_column_and_still_passes(monkeypatch, capsys, tmp_path):
    shutil.copytree(ROOT / SUSPENDED, tmp_path / SUSPENDED)
    for name in ("institution.yaml", "plans.yaml"):  # the sample follows the nudge; write it as submitters do
        path = tmp_path / SUSPENDED / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("自 2026年10月20日起", "自 2026-10-20 起"), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    code = main(["check", SUSPENDED])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = [line for line in out.splitlines() if "文字中的日期" in line]
    assert lines == [
        f"{SUSPENDED}/institution.yaml:20:43: 警告：状态说明 (filing.status_note): 文字中的日期写作 2026-10-20："
        "页面上其他日期都显示为 2026年10月20日 这样的格式 — 建议把 “范，自 2026-10-20 起暂停” 写为 “范，自 2026年10月20日 起暂停”",
        f"{SUSPENDED}/plans.yaml:32:21: 警告：说明 (plans[1].note): 文字中的日期写作 2026-10-20："
        "页面上其他日期都显示为 2026年10月20日 这样的格式 — 建议把 “活动自 2026-10-20 起暂停” 写为 “活动自 2026年10月20日 起暂停”",
    ]
    line = (tmp_path / SUSPENDED / "institution.yaml").read_text(encoding="utf-8").splitlines()[19]
    assert line[42:52] == "2026-10-20"
