"""Indicator 17 (评价计划和收费管理): fee standards published, in force, and raised only with notice."""

from __future__ import annotations

from itertools import pairwise

from ...model import Fee, Institution
from ..registry import FAIL, NOT_APPLICABLE, PASS, WARN, Evidence, Outcome, rule
from ..wording import day, evaluation, listing, money


def _fees_in_force(inst: Institution, ev, on) -> list[Fee]:
    return [f for f in inst.fees if f.evaluation == ev and f.in_force(on)]


@rule(
    "fee-coverage",
    17,
    "每个备案的职业等级都有现行收费标准",
    why="指标 17 要求公告收费标准；考生报名前应能查到所报职业和等级的收费，机构也只能按公告的标准收费。",
    bad="scope:\n  - occupation: 车工\n    levels: [4, 3]\n# fees.yaml 中只有车工三级的收费标准",
    fix='fees:\n  - occupation_code: "6-18-01-01"\n    level: 4\n    item: total\n    amount: 420\n    basis: 自主定价并备案\n    effective_from: 2026-01-01',
    explanation="对备案范围中的每个职业和等级，检查在检查当日有生效的收费标准（任一收费项目）。免费的评价也应公示金额 0。",
)
def fee_coverage(ctx) -> Outcome:
    inst = ctx.inst
    missing = [ev for ev in inst.evaluations if not _fees_in_force(inst, ev, ctx.today)]
    total = len(inst.evaluations)
    if missing:
        return Outcome(
            FAIL,
            f"{listing([evaluation(inst, ev) for ev in missing])} 没有{day(ctx.today)}有效的收费标准："
            "请在 fees.yaml 中补充（免费的评价填写金额 0）。",
            (ctx.evidence("institution", ("scope",), f"{total - len(missing)}/{total} 个职业等级有现行收费"),),
        )
    return Outcome(
        PASS,
        f"备案的 {total} 个职业等级都有现行收费标准。",
        (ctx.evidence("fees", ("fees",), f"{len(inst.fees)} 条收费标准"),),
    )


@rule(
    "plan-fee-coverage",
    17,
    "每个批次的考评日期都有生效的收费标准",
    why="考生按公告的收费标准缴费；考评日期没有生效的收费标准，就无从核对机构是否按公告收费。",
    bad="  - id: CD-2027-02-YY5\n    exam_dates: [2027-02-27]\n# 该职业等级的收费标准 effective_until: 2026-12-31，之后没有新标准",
    fix="在 fees.yaml 中公布 2027 年 1 月 1 日起生效的收费标准，或延长原标准的失效日期。",
    explanation="对每个未取消的批次，检查它的每个考评日期都有该职业等级生效的收费标准。",
)
def plan_fee_coverage(ctx) -> Outcome:
    inst, problems, evidence, checked = ctx.inst, [], [], 0
    for n, plan in enumerate(inst.plans):
        if plan.status == "cancelled":
            continue
        checked += 1
        uncovered = [d for d in plan.exam_dates if not _fees_in_force(inst, plan.evaluation, d)]
        if uncovered:
            problems.append(
                f"批次 {plan.id}（{evaluation(inst, plan.evaluation)}）的考评日期 "
                f"{listing([day(d) for d in uncovered], 3)} 没有生效的收费标准"
            )
            evidence.append(ctx.evidence("plans", ("plans", n, "exam_dates"), uncovered))
    if not checked:
        return Outcome(NOT_APPLICABLE, "没有需要检查的考评批次。")
    if problems:
        return Outcome(FAIL, "；".join(problems) + "：请公布覆盖这些日期的收费标准。", tuple(evidence))
    return Outcome(PASS, f"{checked} 个批次的考评日期都有生效的收费标准。")


def _rises(inst: Institution, git):
    """(fee row, previous amount, day the rise became public or None, where it is known from) per price rise."""
    rises = []
    series: dict = {}
    for n, fee in enumerate(inst.fees):
        series.setdefault((fee.evaluation, fee.item), []).append((n, fee))
    for rows in series.values():
        rows.sort(key=lambda r: r[1].effective_from)
        for (_, before), (n, after) in pairwise(rows):
            if after.amount > before.amount:
                key = (
                    after.evaluation.occupation_code,
                    after.evaluation.level,
                    after.item,
                    after.effective_from.isoformat(),
                )
                seen = git.fees.get(key) if git else None
                rises.append((n, after, before.amount, seen))
    if git:  # a price raised by editing the amount of a row already published
        for change in git.changes:
            if change.change_type == "fee_changed" and len(change.subject) == 4 and _more(change.after, change.before):
                for n, fee in enumerate(inst.fees):
                    key = (
                        fee.evaluation.occupation_code,
                        fee.evaluation.level,
                        fee.item,
                        fee.effective_from.isoformat(),
                    )
                    if key == change.subject and fee.amount == float(change.after):
                        rises.append((n, fee, float(change.before), change))
    return rises


def _more(after, before) -> bool:
    try:
        return float(after) > float(before)
    except (TypeError, ValueError):
        return False


@rule(
    "fee-rise-notice",
    17,
    "涨价在所涉批次开始报名前公布",
    why="考生报名时看到的收费标准就是应缴的费用；报名开始后才公布的涨价，对已经或正在报名的考生不公平，也违反“按公告的收费标准执行”。",
    bad='# 2026-07-05 才提交：\n  - occupation_code: "6-31-01-03"\n    level: 4\n    amount: 410          # 原 380\n    effective_from: 2026-07-01\n# 而 2026-07-18 考评的批次 2026-06-20 已开始报名',
    fix="涨价至少在所涉批次开始报名前公布（提交并合并到主分支），或让新标准只适用于之后开始报名的批次。",
    explanation="""
对每次涨价（同一职业、等级、收费项目的新标准高于前一条，或已公布标准的金额被改高），找出考评日期在新标准生效期内的批次；
若这些批次开始报名的日期早于涨价出现在本门户主分支上的日期，结果为“不符合”。
涨价何时公布只能从 git 历史得知：不在 git 仓库中时无法核对，结果为“需人工核查”；门户启用（[history] since）时已有的标准不检查。""",
)
def fee_rise_notice(ctx) -> Outcome:
    inst, git, since = ctx.inst, ctx.git, ctx.settings.since
    problems, unknown, evidence, rises = [], [], [], _rises(inst, git)
    for n, fee, previous, seen in rises:
        affected = [
            p
            for p in inst.plans
            if p.status != "cancelled" and p.evaluation == fee.evaluation and any(fee.in_force(d) for d in p.exam_dates)
        ]
        if not affected:
            continue
        what = f"{evaluation(inst, fee.evaluation)} 收费 {money(previous)} → {money(fee.amount)}（{day(fee.effective_from)}起）"
        if seen is None:
            unknown.append(what)
            evidence.append(ctx.evidence("fees", ("fees", n, "amount"), fee.amount))
            continue
        if since is not None and seen.date <= since:
            continue
        late = [p for p in affected if p.registration_from < seen.date]
        if late:
            problems.append(
                f"{what}于{day(seen.date)}才公布，但批次 {listing([p.id for p in late])} "
                f"已于{day(min(p.registration_from for p in late))}开始报名"
            )
            evidence.append(
                Evidence(
                    ctx.file("fees"),
                    ctx.locator.line("fees", "fees", n, "amount"),
                    f"{money(previous)} → {money(fee.amount)}",
                    seen.commit,
                    seen.date,
                )
            )
    if problems:
        return Outcome(
            FAIL, "；".join(problems) + "：已报名的考生应按报名时公布的标准收费，请说明并退还差额。", tuple(evidence)
        )
    if unknown:
        return Outcome(WARN, f"{listing(unknown, 3)}：无法从 git 历史核对涨价何时公布，需人工核查。", tuple(evidence))
    if not rises:
        return Outcome(PASS, "没有涨价记录。")
    return Outcome(PASS, f"{len(rises)} 次涨价都在所涉批次开始报名前公布（或不涉及已公布的批次）。")
