"""Indicators 28 (考生诉求处理), 29 (满意度调查) and 31 (信息统计): last year's statistics."""

from __future__ import annotations

from ..registry import FAIL, NOT_APPLICABLE, PASS, WARN, Outcome, rule


def _last_year(ctx):
    """(the year before the audit's day, its statistics entry and index, or None), or None when the
    institution was filed after that year ended and so owes no report."""
    year = ctx.today.year - 1
    if ctx.inst.filing_date.year > year:
        return None
    for n, entry in enumerate(ctx.inst.statistics):
        if entry.year == year:
            return year, entry, n
    return year, None, None


def _owed(ctx, year: int):
    """Evidence for a missing year: the filing date that makes the report due."""
    return ctx.evidence(
        "institution", ("filing", "date"), f"{ctx.inst.filing_date.isoformat()} 备案，应报告 {year} 年统计"
    )


@rule(
    "statistics-last-year",
    31,
    "公布上一年度评价统计",
    why="指标 31 要求开展评价信息统计分析，综合统计能显示评价范围和规模；上一年度的统计是公众和监管部门了解机构评价规模的基础。",
    bad="# statistics.yaml 中没有上一年度",
    fix="years:\n  - year: 2025\n    evaluated: 395\n    certified: 331",
)
def statistics_last_year(ctx) -> Outcome:
    found = _last_year(ctx)
    if found is None:
        return Outcome(NOT_APPLICABLE, "机构备案不满一个完整年度，暂不需要报告年度统计。")
    year, entry, n = found
    if entry is None:
        return Outcome(
            FAIL,
            f"未公布 {year} 年的评价统计：请在 statistics.yaml 中补充 {year} 年的评价人数和取证人数。",
            (_owed(ctx, year),),
        )
    return Outcome(
        PASS,
        f"已公布 {year} 年统计：评价 {entry.evaluated} 人，取证 {entry.certified} 人。",
        (ctx.evidence("statistics", ("years", n, "year"), year),),
    )


@rule(
    "complaints-resolved",
    28,
    "报告投诉处理情况",
    why="指标 28 要求及时响应和处理考生诉求、规范处理投诉举报；公布受理和办结数量，公众才能看到投诉是否得到处理。",
    bad="complaints:\n  received: 9\n  resolved: 12   # 办结数大于受理数",
    fix="complaints:\n  received: 9\n  resolved: 9\n  resolved_in_time: 7",
    explanation="检查上一年度统计中的投诉受理数、办结数：未报告为“不符合”，办结数大于受理数为“不符合”，有未办结的投诉为“需人工核查”。",
)
def complaints_resolved(ctx) -> Outcome:
    found = _last_year(ctx)
    if found is None:
        return Outcome(NOT_APPLICABLE, "机构备案不满一个完整年度，暂不需要报告投诉处理情况。")
    year, entry, n = found
    complaints = entry.complaints if entry else None
    if not complaints:
        return Outcome(
            FAIL,
            f"未报告 {year} 年的投诉处理情况：请在 statistics.yaml 的 {year} 年中填写 complaints"
            "（received、resolved、resolved_in_time；没有投诉时填 0）。",
            (ctx.evidence("statistics", ("years", n), f"{year} 年无投诉数据") if entry else _owed(ctx, year),),
        )
    received, resolved = complaints["received"], complaints["resolved"]
    evidence = (
        ctx.evidence("statistics", ("years", n, "complaints", "resolved"), f"受理 {received}，办结 {resolved}"),
    )
    if resolved > received:
        return Outcome(FAIL, f"{year} 年投诉办结数 {resolved} 大于受理数 {received}：请核对并更正。", evidence)
    if resolved < received:
        return Outcome(
            WARN,
            f"{year} 年受理投诉 {received} 件，办结 {resolved} 件，{received - resolved} 件未办结：请说明处理进展。",
            evidence,
        )
    return Outcome(
        PASS,
        f"{year} 年受理投诉 {received} 件，全部办结（按时办结 {complaints.get('resolved_in_time', 0)} 件）。",
        evidence,
    )


@rule(
    "satisfaction-survey",
    29,
    "报告满意度调查结果",
    why="指标 29 要求开展对考生、用人单位的满意度调查；公布调查人数和满意人数，才能看出调查是否真正开展。",
    bad="# statistics.yaml 的上一年度中没有 satisfaction",
    fix="satisfaction:\n  surveyed: 350\n  satisfied: 301",
)
def satisfaction_survey(ctx) -> Outcome:
    found = _last_year(ctx)
    if found is None:
        return Outcome(NOT_APPLICABLE, "机构备案不满一个完整年度，暂不需要报告满意度调查。")
    year, entry, n = found
    survey = entry.satisfaction if entry else None
    if not survey or not survey.get("surveyed"):
        return Outcome(
            FAIL,
            f"未报告 {year} 年的满意度调查：请开展调查，并在 statistics.yaml 的 {year} 年中填写 "
            "satisfaction（surveyed 调查人数、satisfied 满意人数）。",
            (ctx.evidence("statistics", ("years", n), f"{year} 年无满意度数据") if entry else _owed(ctx, year),),
        )
    surveyed, satisfied = survey["surveyed"], survey["satisfied"]
    return Outcome(
        PASS,
        f"{year} 年调查 {surveyed} 人，满意 {satisfied} 人（{satisfied / surveyed:.0%}）。",
        (ctx.evidence("statistics", ("years", n, "satisfaction"), f"{satisfied}/{surveyed}"),),
    )
