"""Indicator 27 (证书数据上传和管理): results of completed batches reach the lookup in time."""

from __future__ import annotations

from ..registry import NOT_APPLICABLE, PASS, WARN, Outcome, rule, worst
from ..wording import day, listing

RESULTS_DUE_WORKING_DAYS = 20


@rule(
    "results-sealed",
    27,
    "已完成批次按时提交成绩核验记录",
    why="指标 27 要求证书数据准确、完整、及时上传；考后迟迟查不到成绩，考生无法核实结果，也可能意味着数据没有及时审验上传。",
    bad="  - id: CD-2026-07-BY4\n    exam_dates: [2026-07-11]\n    status: completed\n# sealed/summary.json 中没有该批次的成绩记录",
    fix="portal seal results 成绩.csv --institution institutions/<统一社会信用代码>   # 提交 sealed/ 下生成的文件",
    explanation="已完成的批次，最后一个考评日之后满 20 个工作日仍没有该批次的加密成绩记录（sealed/summary.json 中按批次统计），"
    "结果为“需人工核查”：机构可能通过其他渠道公布了成绩。",
)
def results_sealed(ctx) -> Outcome:
    inst = ctx.inst
    sealed = inst.sealed.get("results")
    sealed_plans = {g["plan_id"] for g in sealed.groups} if sealed else set()
    statuses, late, evidence = [], [], []
    for n, plan in enumerate(inst.plans):
        if plan.status != "completed":
            continue
        due, _certain = ctx.calendar.add_working_days(plan.last_exam, RESULTS_DUE_WORKING_DAYS)
        if plan.id in sealed_plans:
            statuses.append(PASS)
        elif due < ctx.today:
            statuses.append(WARN)
            late.append(f"批次 {plan.id}（{day(plan.last_exam)}考评，应于{day(due)}前提交）")
            evidence.append(ctx.evidence("plans", ("plans", n, "status"), plan.status))
        else:
            statuses.append(PASS)
    if not statuses:
        return Outcome(NOT_APPLICABLE, "没有已完成的考评批次。")
    if late:
        return Outcome(
            worst(statuses),
            f"{listing(late, 3)} 考后已满 {RESULTS_DUE_WORKING_DAYS} 个工作日，"
            "仍没有提交成绩核验记录：请用 portal seal results 提交，或说明成绩的查询方式。",
            tuple(evidence),
        )
    return Outcome(PASS, f"{len(statuses)} 个已完成批次的成绩核验记录已提交或尚未到期。")
