"""Each indicator rule on a clean institution (passes) and on the same data with one seeded violation."""

from __future__ import annotations

import datetime as dt

import pytest
from auditdata import CODE, TODAY, audit, clean, write_institution
from seal_support import TEST_CONFIG, result, write_csv

from generator.check import FAIL, NOT_APPLICABLE, PASS, RULES, WARN, rules_in_order
from generator.check.rules.publicity import banned_words
from generator.reference.indicators import indicator_system
from generator.seal.sealer import seal_csv
from generator.seal.synthetic import make_id


@pytest.fixture
def files():
    return clean()


def run(tmp_path, files, today=TODAY, **kwargs):
    return audit(write_institution(tmp_path / "institutions", files), today, **kwargs)


def test_clean_institution_passes_every_rule(tmp_path, files):
    findings = run(tmp_path, files)
    assert list(findings) == [r.id for r in rules_in_order()]
    assert {rule: f.status for rule, f in findings.items() if f.status != PASS} == {}
    assert all(f.credit_code == CODE and 1 <= f.indicator <= 33 for f in findings.values())


def test_every_rule_documents_itself():
    indicators = indicator_system().indicators
    assert len(RULES) >= 19
    for rule in RULES.values():
        assert rule.indicator in indicators and rule.title and rule.why and rule.bad_example and rule.fix_example
        assert rule.id.replace("-", "").isalnum() and rule.id == rule.id.lower()
    served = {r.indicator for r in RULES.values()}
    assert {1, 2, 14, 16, 17, 18, 24, 26, 27, 28, 29, 31} <= served


def test_indicator_8_is_marked_truncated():
    eight = indicator_system().indicators[8]
    assert eight.truncated and eight.text.startswith("…") and "承载量" in eight.text
    assert not any(i.truncated for n, i in indicator_system().indicators.items() if n != 8)
    assert len(indicator_system().indicators) == 33 and len(indicator_system().areas) == 12


# Indicator 1
def test_expired_licence_fails_and_soon_expiring_warns(tmp_path, files):
    files["institution.yaml"]["license"]["valid_until"] = "2026-06-30"
    finding = run(tmp_path, files)["licence-valid"]
    assert finding.status == FAIL
    assert (
        finding.message
        == "民办非企业单位登记证书已于2026年6月30日到期：请提交换领后的证书信息并更新 license.valid_until。"
    )
    assert finding.evidence[0].value == "2026-06-30" and finding.evidence[0].file.endswith("institution.yaml")
    files["institution.yaml"]["license"]["valid_until"] = "2026-12-31"
    assert run(tmp_path, files)["licence-valid"].status == WARN


def test_suspended_institution_with_planned_batches_fails(tmp_path, files):
    files["institution.yaml"]["filing"].update(status="suspended", status_note="专项督导不合格，暂停 3 个月。")
    finding = run(tmp_path, files)["filing-status"]
    assert finding.status == FAIL
    assert finding.message == (
        "目录状态为“暂停”，期间不得开展评价活动。说明：专项督导不合格，暂停 3 个月。"
        "仍有计划中的批次 GZ-2026-12-DG5：请取消或在恢复资格前暂停报名。"
    )


def test_credit_code_and_scope_evidence_name_the_line(tmp_path, files):
    findings = run(tmp_path, files)
    assert findings["credit-code"].evidence[0].line == 2  # yaml.safe_dump writes schema_version first
    assert findings["scope-coverage"].status == PASS


# Indicator 2
def test_missing_commitment_fails_and_missing_link_warns(tmp_path, files):
    del files["institution.yaml"]["commitment"]
    finding = run(tmp_path, files)["commitment-published"]
    assert finding.status == FAIL and "commitment.signed" in finding.message
    files["institution.yaml"]["commitment"] = {"signed": "2024-03-01"}
    finding = run(tmp_path, files)["commitment-published"]
    assert finding.status == WARN
    assert finding.message == "承诺书缺少原文链接（commitment.url）：请补充，公众才能查看并监督承诺内容。"


# Indicator 14
def test_plan_published_four_working_days_before_exam_fails(tmp_path, files):
    plan = files["plans.yaml"]["plans"][1]
    plan.update(announced="2026-12-07", registration={"from": "2026-12-07", "to": "2026-12-08"})  # Mon; exam Sat 12th
    finding = run(tmp_path, files)["plan-notice-period"]
    assert finding.status == FAIL
    assert finding.message.startswith(
        "有批次公布过晚：批次 GZ-2026-12-DG5：2026年12月7日公布，到首个考评日2026年12月12日之间有 4 个工作日，"
        "少于 5 个：请推迟考评日期或提前公布计划。"
    )
    assert finding.evidence[-1].value == "2026-12-07"


def test_cancelled_plans_are_not_judged(tmp_path, files):
    for plan in files["plans.yaml"]["plans"]:
        plan["status"] = "cancelled"
    findings = run(tmp_path, files)
    assert findings["plan-notice-period"].status == NOT_APPLICABLE
    assert findings["plan-capacity"].status == NOT_APPLICABLE


def test_candidates_above_capacity_times_days_fails(tmp_path, files):
    files["plans.yaml"]["plans"][1]["candidates"] = 90  # 40 seats × 2 days = 80
    finding = run(tmp_path, files)["plan-capacity"]
    assert finding.status == FAIL
    assert finding.message == (
        "批次 GZ-2026-12-DG5 计划 90 人，但实训楼承载量 40 人/场次 × 2 天 = 80 人："
        "请减少计划人数、增加考评日期或改用更大的场地。"
    )
    assert [e.value for e in finding.evidence] == ["90", "40"]


# Indicator 16
def test_banned_words_in_publicity_fail_with_context(tmp_path, files):
    files["institution.yaml"]["publicity"][0]["text"] = "考试包过，结业即可拿到国家职业资格证书，全国通用。"
    finding = run(tmp_path, files)["publicity-banned-words"]
    assert finding.status == FAIL
    assert [e.value for e in finding.evidence] == [
        "考试【包过】，结业即可拿到国家职业资…",
        "考试包过，结业即可拿到【国家】职业资格证书，全国通用。",
        "…试包过，结业即可拿到国家【职业资格】证书，全国通用。",
        "…可拿到国家职业资格证书，【全国】通用。",
    ]


def test_state_word_in_the_registered_name_is_for_a_person_to_check(tmp_path, files):
    files["institution.yaml"]["name"] = "中国示例职业技能评价协会"
    finding = run(tmp_path, files)["publicity-banned-words"]
    assert finding.status == WARN and "名称使用了“中国”" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "依据国家职业标准开展评价",
        "参照国家职业技能标准",
        "地址：中华路 1 号",
        "南京中华门附近",
        "职业编码见国家职业分类大典",
    ],
)
def test_proper_names_are_not_banned_words(text):
    assert banned_words(text) == []


@pytest.mark.parametrize(
    "text,word",
    [
        ("国家认可", "国家"),
        ("中华技能证书", "中华"),
        ("保过班", "保过"),
        ("职业技能鉴定中心", "职业技能鉴定"),
        ("中华人民共和国人员资格", "中华人民共和国"),
    ],
)
def test_banned_words_are_found(text, word):
    assert banned_words(text)[0].word == word


# Indicator 17
def test_filed_level_without_current_fee_fails(tmp_path, files):
    files["fees.yaml"]["fees"][0]["effective_until"] = "2026-10-31"
    findings = run(tmp_path, files)
    assert findings["fee-coverage"].status == FAIL
    assert (
        findings["fee-coverage"].message
        == "电工 五级 没有2026年11月24日有效的收费标准：请在 fees.yaml 中补充（免费的评价填写金额 0）。"
    )
    assert findings["plan-fee-coverage"].status == FAIL
    assert (
        "批次 GZ-2026-12-DG5（电工 五级）的考评日期 2026年12月12日、2026年12月13日 没有生效的收费标准"
        in findings["plan-fee-coverage"].message
    )


def test_fee_rise_without_git_cannot_be_dated(tmp_path, files):
    fees = files["fees.yaml"]["fees"]
    fees[0]["effective_until"] = "2026-11-30"
    fees.append({**fees[0], "amount": 300, "effective_from": "2026-12-01"})
    del fees[-1]["effective_until"]
    finding = run(tmp_path, files)["fee-rise-notice"]
    assert finding.status == WARN
    assert finding.message == (
        "电工 五级 收费 ¥280 → ¥300（2026年12月1日起）：无法从 git 历史核对涨价何时公布，需人工核查。"
    )


# Indicator 18 and 26
def test_missing_channels_fail(tmp_path, files):
    files["institution.yaml"]["channels"].update(results=[], complaints=[], certificates=[])
    findings = run(tmp_path, files)
    assert findings["query-complaint-channels"].status == FAIL
    assert findings["query-complaint-channels"].message.startswith("未公示评价结果查询渠道和投诉监督渠道")
    assert findings["certificate-query-channel"].status == FAIL


# Indicator 24
def test_batch_without_supervisor_warns(tmp_path, files):
    files["plans.yaml"]["plans"][1]["supervisors"] = 0
    finding = run(tmp_path, files)["batch-supervisors"]
    assert finding.status == WARN
    assert finding.message == "批次 GZ-2026-12-DG5 没有安排内部督导员：请安排并更新 supervisors。"


# Indicator 27
def test_completed_batch_without_sealed_results_warns_after_20_working_days(tmp_path, files):
    # exam 2026-11-14 (Sat): 20 working days later is 2026-12-11
    assert run(tmp_path, files, today=dt.date(2026, 12, 11))["results-sealed"].status == PASS
    finding = run(tmp_path, files, today=dt.date(2026, 12, 12))["results-sealed"]
    assert finding.status == WARN
    assert finding.message.startswith(
        "批次 GZ-2026-11-DG4（2026年11月14日考评，应于2026年12月11日前提交） 考后已满 20 个工作日"
    )


def test_sealed_results_of_the_batch_pass(tmp_path, files):
    folder = write_institution(tmp_path / "institutions", files)
    people = [make_id("440106", dt.date(1990, 1, day), 100 + day) for day in (1, 2, 3)]
    rows = [
        result(f"T{n}", "张三", id_number, plan="GZ-2026-11-DG4", outcome=outcome)
        for n, (id_number, outcome) in enumerate(zip(people, ("pass", "fail", "absent"), strict=True))
    ]
    seal_csv(
        "results",
        write_csv(tmp_path / "results.csv", "results", rows),
        folder,
        TEST_CONFIG,
        secret_path=tmp_path / "keys" / "k.key",
        today=dt.date(2026, 12, 1),
    )
    assert audit(folder, dt.date(2027, 3, 1))["results-sealed"].status == PASS


# Indicators 28, 29, 31
def test_missing_last_year_statistics_fail(tmp_path, files):
    files["statistics.yaml"]["years"][0]["year"] = 2024
    findings = run(tmp_path, files)
    assert findings["statistics-last-year"].status == FAIL
    assert (
        findings["statistics-last-year"].message
        == "未公布 2025 年的评价统计：请在 statistics.yaml 中补充 2025 年的评价人数和取证人数。"
    )
    assert findings["complaints-resolved"].status == FAIL
    assert findings["satisfaction-survey"].status == FAIL


def test_unresolved_complaints_warn_and_missing_survey_fails(tmp_path, files):
    year = files["statistics.yaml"]["years"][0]
    year["complaints"] = {"received": 9, "resolved": 6, "resolved_in_time": 5}
    del year["satisfaction"]
    findings = run(tmp_path, files)
    assert findings["complaints-resolved"].status == WARN
    assert findings["complaints-resolved"].message == "2025 年受理投诉 9 件，办结 6 件，3 件未办结：请说明处理进展。"
    assert findings["satisfaction-survey"].status == FAIL


def test_institution_filed_this_year_owes_no_statistics(tmp_path, files):
    files["institution.yaml"]["filing"]["date"] = "2026-02-01"
    del files["statistics.yaml"]
    findings = run(tmp_path, files)
    assert {findings[r].status for r in ("statistics-last-year", "complaints-resolved", "satisfaction-survey")} == {
        NOT_APPLICABLE
    }
