"""Indicator 18 (结果查询和投诉监督渠道) and 26 (证书查询)."""

from __future__ import annotations

from ..channels_text import CHANNEL_GROUP_NAMES as GROUP_NAMES
from ..channels_text import channel_type_name
from ..registry import FAIL, PASS, Outcome, rule


def _describe(ctx, group: str) -> tuple[str, tuple]:
    channels = ctx.inst.channels.get(group, ())
    text = "、".join(channel_type_name(group, c.type) for c in channels)
    return text, tuple(
        ctx.evidence("institution", ("channels", group, n, "value"), c.value) for n, c in enumerate(channels)
    )


@rule(
    "query-complaint-channels",
    18,
    "公示评价结果查询渠道和投诉监督渠道",
    why="指标 18 要求评价结果方便查询、设立并公示投诉监督渠道；没有渠道，考生无法查成绩，也无处反映问题。",
    bad="channels:\n  results: []\n  complaints: []",
    fix='channels:\n  results:\n    - type: portal\n      value: 本门户成绩查询\n  complaints:\n    - type: phone\n      value: "020-12345679"\n      handler: 质量管理部',
)
def query_complaint_channels(ctx) -> Outcome:
    missing = [GROUP_NAMES[g] for g in ("results", "complaints") if not ctx.inst.channels.get(g)]
    results, results_evidence = _describe(ctx, "results")
    complaints, complaints_evidence = _describe(ctx, "complaints")
    evidence = results_evidence + complaints_evidence
    if missing:
        where = tuple(
            ctx.evidence("institution", ("channels", g), "（空）")
            for g in ("results", "complaints")
            if not ctx.inst.channels.get(g)
        )
        return Outcome(
            FAIL,
            f"未公示{'和'.join(missing)}：请在 institution.yaml 的 channels 中至少各填写一个（电话、网址等）。",
            where + evidence,
        )
    return Outcome(PASS, f"已公示评价结果查询渠道（{results}）和投诉监督渠道（{complaints}）。", evidence)


@rule(
    "certificate-query-channel",
    26,
    "公示证书查询渠道",
    why="指标 26 要求证书查询相关服务规范；持证人和用人单位需要能核验证书真伪。",
    bad="channels:\n  certificates: []",
    fix="channels:\n  certificates:\n    - type: portal\n      value: 本门户证书查询   # 用 portal seal certificates 提交加密核验记录",
)
def certificate_query_channel(ctx) -> Outcome:
    text, evidence = _describe(ctx, "certificates")
    if not evidence:
        return Outcome(
            FAIL,
            "未公示证书查询渠道：请在 channels.certificates 中至少填写一个，或用 portal seal certificates "
            "提交加密核验记录后填写“本门户证书查询”。",
            (ctx.evidence("institution", ("channels", "certificates"), "（空）"),),
        )
    return Outcome(PASS, f"已公示证书查询渠道（{text}）。", evidence)
