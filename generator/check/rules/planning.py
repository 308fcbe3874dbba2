"""Indicator 14 (评价活动的策划): notice period, scale against venue capacity, evaluators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...model import Plan
from ..registry import FAIL, NOT_APPLICABLE, PASS, WARN, Evidence, Outcome, rule, worst
from ..wording import day, listing

MIN_WORKING_DAYS = 5
DATE_TOLERANCE_DAYS = 1  # declared and git dates further apart than this are reported


@dataclass(frozen=True)
class Publication:
    """When a plan became public, and how the portal knows."""

    date: dt.date
    basis: str  # GIT, DECLARED_NO_GIT, DECLARED_IMPORTED, NOT_ON_MAIN
    remark: str  # a difference worth saying, for this plan alone
    evidence: tuple[Evidence, ...]


GIT, DECLARED_NO_GIT, DECLARED_IMPORTED, NOT_ON_MAIN = "git", "no_git", "imported", "not_on_main"


def publication(ctx, n: int, plan: Plan) -> Publication:
    """The later of the declared date (announced) and the day the plan first appeared on main.

    Plans first seen on or before [history] since were imported when the portal started: git has no
    honest date for them, so the declared date is used. Outside git only the declared date exists."""
    declared = plan.announced
    evidence = [ctx.evidence("plans", ("plans", n, "announced"), declared)]
    git = ctx.git
    if git is None:
        return Publication(declared, DECLARED_NO_GIT, "", tuple(evidence))
    seen = git.plans.get(plan.id)
    if seen is None:
        return Publication(max(declared, ctx.today), NOT_ON_MAIN, "尚未合并到主分支，最早今天公布", tuple(evidence))
    evidence.append(
        Evidence(
            ctx.file("plans"),
            ctx.locator.line("plans", "plans", n, "id"),
            f"{plan.id} 首次出现在主分支",
            seen.commit,
            seen.date,
        )
    )
    since = ctx.settings.since
    if since is not None and seen.date <= since:
        return Publication(declared, DECLARED_IMPORTED, "", tuple(evidence))
    remark = ""
    if abs((seen.date - declared).days) > DATE_TOLERANCE_DAYS:
        remark = (
            f"申报的公布日期为{day(declared)}，但{day(seen.date)}才出现在主分支上，按较晚的日期计算"
            if seen.date > declared
            else f"申报的公布日期{day(declared)}晚于它出现在主分支上的日期{day(seen.date)}，按申报日期计算"
        )
    return Publication(max(declared, seen.date), GIT, remark, tuple(evidence))


def _basis_note(bases: list[str], since: dt.date | None) -> str:
    imported = bases.count(DECLARED_IMPORTED)
    if bases and bases.count(DECLARED_NO_GIT) == len(bases):
        return "不在 git 仓库中，只能按申报的公布日期（announced）计算。"
    if imported:
        return (
            f"{imported} 个批次在门户启用（{day(since)}）时导入，没有可靠的公布记录，按申报的公布日期计算。"
            if since
            else ""
        )
    return ""


def _active(plans):
    return [(n, p) for n, p in enumerate(plans) if p.status != "cancelled"]


@rule(
    "plan-notice-period",
    14,
    "考前至少 5 个工作日公布评价计划",
    why="考生需要时间了解批次、报名和准备；指标 14 要求每个考评批次在考前至少 5 个工作日制定并公布评价计划。",
    bad="  - id: SZ-2026-12-DG4\n    announced: 2026-12-14\n    exam_dates: [2026-12-19]   # 之间只有 4 个工作日",
    fix="  - id: SZ-2026-12-DG4\n    announced: 2026-12-04\n    exam_dates: [2026-12-19]   # 提前公布，或推迟考评日期",
    explanation="""
公布日期取机构申报的 announced 与该批次第一次出现在本门户主分支上的日期中较晚的一个（二者相差超过 1 天时在结果中说明）；
门户启用（portal.toml 的 [history] since）时导入的批次没有可靠的公布记录，按申报日期计算。
工作日从公布日的次日数到首个考评日的前一日（两端都不算），按国务院公布的节假日安排（含调休上班日）计算：
优先使用仓库中的 generator/check/schedules/<年份>.yaml，其次是 chinese-calendar 收录的官方安排（2004–2026 年）；
尚未公布安排的年份，法定节假日当天算休息日，可能成为调休的日子不作猜测：若已确定的工作日不足 5 天，结果为“需人工核查”。
已取消的批次不检查。""",
)
def plan_notice_period(ctx) -> Outcome:
    statuses: list[str] = []
    bases: list[str] = []
    lines: list[str] = []
    evidence: list[Evidence] = []
    for n, plan in _active(ctx.inst.plans):
        pub = publication(ctx, n, plan)
        counted = ctx.calendar.working_days_between(pub.date, plan.first_exam)
        head = f"批次 {plan.id}：{day(pub.date)}公布，到首个考评日{day(plan.first_exam)}之间有 {counted.count} 个工作日"
        if counted.count >= MIN_WORKING_DAYS:
            status = PASS
        elif counted.count + len(counted.unknown) >= MIN_WORKING_DAYS:
            status = WARN
            head += (
                f"，另有 {len(counted.unknown)} 天（{listing([day(d) for d in counted.unknown], 3)}）"
                "的节假日安排尚未公布，是否满 5 个工作日需人工核查"
            )
        else:
            status = FAIL
            head += f"，少于 {MIN_WORKING_DAYS} 个：请推迟考评日期或提前公布计划"
        statuses.append(status)
        bases.append(pub.basis)
        if status != PASS or pub.remark:
            lines.append(head + (f"（{pub.remark}）" if pub.remark else ""))
        evidence.extend(pub.evidence)
    if not statuses:
        return Outcome(NOT_APPLICABLE, "没有需要检查的考评批次（无计划或均已取消）。")
    status = worst(statuses)
    summary = {
        PASS: f"全部 {len(statuses)} 个批次都在考前至少 5 个工作日公布。",
        WARN: "部分批次的公布时间需人工核查：",
        FAIL: "有批次公布过晚：",
    }[status]
    details = "；".join(lines) + ("。" if lines else "")
    return Outcome(status, summary + details + _basis_note(bases, ctx.settings.since), tuple(evidence))


@rule(
    "plan-capacity",
    14,
    "计划人数不超过场地承载量",
    why="评价规模必须与场地设施设备承载量相匹配；超员的考场无法保证考评条件和考场秩序。",
    bad="  - id: SZ-2026-12-DG4\n    venue: workshop        # 承载量 40 人/场次\n    exam_dates: [2026-12-19]\n    candidates: 90",
    fix="  - id: SZ-2026-12-DG4\n    venue: workshop\n    exam_dates: [2026-12-19, 2026-12-20, 2026-12-26]   # 3 天 × 40 人\n    candidates: 90",
    explanation="计划人数不得超过所用场地的承载量（人/场次）乘以考评天数，即每天最多一个满员场次。已取消的批次不检查。",
)
def plan_capacity(ctx) -> Outcome:
    inst, problems, evidence, checked = ctx.inst, [], [], 0
    for n, plan in _active(inst.plans):
        venue = inst.venue(plan.venue_id)
        if venue is None:
            continue
        checked += 1
        limit = venue.capacity * len(plan.exam_dates)
        if plan.candidates > limit:
            problems.append(
                f"批次 {plan.id} 计划 {plan.candidates} 人，但{venue.name}承载量 {venue.capacity} 人/场次 × "
                f"{len(plan.exam_dates)} 天 = {limit} 人"
            )
            evidence.append(ctx.evidence("plans", ("plans", n, "candidates"), plan.candidates))
            evidence.append(
                ctx.evidence("institution", ("venues", inst.venues.index(venue), "capacity"), venue.capacity)
            )
    if not checked:
        return Outcome(NOT_APPLICABLE, "没有需要检查的考评批次。")
    if problems:
        return Outcome(FAIL, "；".join(problems) + "：请减少计划人数、增加考评日期或改用更大的场地。", tuple(evidence))
    return Outcome(PASS, f"{checked} 个批次的计划人数都不超过场地承载量 × 考评天数。")


@rule(
    "plan-evaluators",
    14,
    "每个批次配备考评员",
    why="实施方案的要件包括考评员、督导员等工作人员；没有考评员的批次无法开展评价。",
    bad="    evaluators: 0",
    fix="    evaluators: 5   # 按考评规模配备",
)
def plan_evaluators(ctx) -> Outcome:
    plans = _active(ctx.inst.plans)
    if not plans:
        return Outcome(NOT_APPLICABLE, "没有需要检查的考评批次。")
    missing = [(n, p) for n, p in plans if p.evaluators < 1]
    if missing:
        return Outcome(
            FAIL,
            f"批次 {listing([p.id for _, p in missing])} 没有配备考评员：请填写考评员人数。",
            tuple(ctx.evidence("plans", ("plans", n, "evaluators"), p.evaluators) for n, p in missing),
        )
    ratio = max(p.candidates / p.evaluators for _, p in plans)
    return Outcome(PASS, f"{len(plans)} 个批次都配备了考评员（每名考评员最多对应 {ratio:.0f} 名考生）。")
