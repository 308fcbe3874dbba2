"""Indicator 24 (质量督导): each batch has internal supervisors."""

from __future__ import annotations

from ..registry import NOT_APPLICABLE, PASS, WARN, Outcome, rule
from ..wording import listing


@rule(
    "batch-supervisors",
    24,
    "每个批次安排内部督导员",
    why="指标 24 要求按批次安排内部质量督导；没有督导员的批次，考评过程缺少内部监督。",
    bad="    supervisors: 0",
    fix="    supervisors: 1   # 每个批次至少安排一名内部督导员",
    explanation="未取消的批次督导员人数为 0 时结果为“需人工核查”：监管部门可能另行派员督导。",
)
def batch_supervisors(ctx) -> Outcome:
    plans = [(n, p) for n, p in enumerate(ctx.inst.plans) if p.status != "cancelled"]
    if not plans:
        return Outcome(NOT_APPLICABLE, "没有需要检查的考评批次。")
    missing = [(n, p) for n, p in plans if p.supervisors < 1]
    if missing:
        return Outcome(
            WARN,
            f"批次 {listing([p.id for _, p in missing])} 没有安排内部督导员：请安排并更新 supervisors。",
            tuple(ctx.evidence("plans", ("plans", n, "supervisors"), p.supervisors) for n, p in missing),
        )
    return Outcome(PASS, f"{len(plans)} 个批次都安排了内部督导员。")
