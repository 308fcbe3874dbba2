"""Indicator 1 (评价机构基本信息) and 2 (承诺机制)."""

from __future__ import annotations

import datetime as dt

from ...model import LICENSE_NAMES, STATUS_NAMES
from ...validate.codes import credit_code_error
from ..registry import FAIL, PASS, WARN, Evidence, Outcome, rule
from ..wording import day, evaluation, listing

LICENCE_WARNING_DAYS = 60


@rule(
    "credit-code",
    1,
    "统一社会信用代码有效",
    why="统一社会信用代码是查证机构营业执照或登记证书、行政处罚记录的唯一依据；代码错误，公众和监管部门就无法核对机构身份。",
    bad='credit_code: "52440106MJL000100X"   # 校验位不符合 GB 32100-2015',
    fix='credit_code: "52440106MJL0001001"   # 与营业执照/登记证书上的代码一致',
)
def credit_code(ctx) -> Outcome:
    code = ctx.inst.credit_code
    evidence = (ctx.evidence("institution", ("credit_code",), code),)
    if error := credit_code_error(code):
        return Outcome(FAIL, f"统一社会信用代码 {code} 无效：{error}。请按营业执照或登记证书更正。", evidence)
    return Outcome(PASS, f"统一社会信用代码 {code} 符合 GB 32100-2015 校验规则。", evidence)


@rule(
    "licence-valid",
    1,
    "资质证明在有效期内",
    why="指标 1 要求评价机构具有营业执照、民办非企业单位登记证书等资质；证书过期的机构不应继续开展评价。",
    bad="license:\n  type: private_non_enterprise\n  valid_until: 2025-06-30   # 已过期",
    fix="license:\n  type: private_non_enterprise\n  valid_until: 2030-06-29   # 换领新证后更新有效期",
)
def licence_valid(ctx) -> Outcome:
    licence = ctx.inst.license
    name = LICENSE_NAMES[licence["type"]]
    until: dt.date | None = licence.get("valid_until")
    if until is None:
        return Outcome(
            PASS,
            f"已公示资质证明：{name}（未填写有效期，按长期有效记录）。",
            (ctx.evidence("institution", ("license", "type"), licence["type"]),),
        )
    evidence = (ctx.evidence("institution", ("license", "valid_until"), until),)
    if until < ctx.today:
        return Outcome(
            FAIL, f"{name}已于{day(until)}到期：请提交换领后的证书信息并更新 license.valid_until。", evidence
        )
    if (until - ctx.today).days <= LICENCE_WARNING_DAYS:
        return Outcome(
            WARN, f"{name}将于{day(until)}到期（{(until - ctx.today).days} 天后）：请及时换领并更新有效期。", evidence
        )
    return Outcome(PASS, f"{name}有效期至{day(until)}。", evidence)


@rule(
    "filing-status",
    1,
    "评价机构目录状态正常",
    why="被暂停或移出目录的机构不得开展评价活动、颁发证书；公众报名前需要知道这一点。",
    bad="filing:\n  status: suspended\n  status_note: 2026 年 10 月专项督导不合格，暂停评价资格 6 个月",
    fix="filing:\n  status: active   # 监管部门恢复其资格后由其更新",
)
def filing_status(ctx) -> Outcome:
    status = ctx.inst.status
    evidence = [ctx.evidence("institution", ("filing", "status"), status)]
    git = ctx.git
    changes = [c for c in (git.changes if git else ()) if c.change_type == "status" and c.after == status]
    if changes:
        last = changes[-1]
        evidence.append(_git_evidence(ctx, last.file, ("filing", "status"), f"目录状态改为 {status}", last))
    if status == "active":
        return Outcome(PASS, f"目录状态：{STATUS_NAMES[status]}。", tuple(evidence))
    note = ctx.inst.filing.get("status_note")
    since = f"（自{day(changes[-1].date)}起）" if changes else ""
    planned = [p.id for p in ctx.inst.plans if p.status == "planned"]
    message = f"目录状态为“{STATUS_NAMES[status]}”{since}，期间不得开展评价活动。" + (
        f"说明：{note.rstrip('。')}。" if note else ""
    )
    if planned:
        message += f"仍有计划中的批次 {listing(planned)}：请取消或在恢复资格前暂停报名。"
    return Outcome(FAIL, message, tuple(evidence))


def _git_evidence(ctx, file: str, key_path: tuple, value: str, change):
    return Evidence(file, ctx.locator.line("institution", *key_path), value, change.commit, change.date)


@rule(
    "scope-coverage",
    1,
    "计划和收费的职业（工种）在备案范围内",
    why="机构只能对备案的职业（工种）和等级开展评价、收取费用；超范围评价所发证书不被认可。",
    bad='plans:\n  - id: GZ-2026-12-YY3\n    occupation_code: "4-10-01-02"   # 育婴员\n    level: 3                         # 备案范围只有五级、四级',
    fix="先向备案机关申请把育婴员三级加入评价范围，备案后在 institution.yaml 的 scope 中加上 3，再公布计划。",
)
def scope_coverage(ctx) -> Outcome:
    inst = ctx.inst
    scope = set(inst.evaluations)
    outside = []
    evidence = []
    for n, plan in enumerate(inst.plans):
        if plan.evaluation not in scope:
            outside.append(f"批次 {plan.id}（{evaluation(inst, plan.evaluation)}）")
            evidence.append(ctx.evidence("plans", ("plans", n, "occupation_code"), plan.evaluation.slug))
    for n, fee in enumerate(inst.fees):
        if fee.evaluation not in scope:
            outside.append(f"收费标准 {evaluation(inst, fee.evaluation)}")
            evidence.append(ctx.evidence("fees", ("fees", n, "occupation_code"), fee.evaluation.slug))
    if outside:
        return Outcome(
            FAIL, f"以下内容超出备案评价范围：{listing(outside)}。请删除，或先办理备案变更。", tuple(evidence)
        )
    return Outcome(
        PASS,
        f"全部 {len(inst.plans)} 个批次和 {len(inst.fees)} 条收费标准都在备案的 {len(scope)} 个职业等级之内。",
        (ctx.evidence("institution", ("scope",), f"{len(scope)} 个职业等级"),),
    )


@rule(
    "commitment-published",
    2,
    "公布评价机构承诺书",
    why="指标 2 要求评价机构有承诺书并逐项履行；公布签署日期和原文链接，公众和监管部门才能对照承诺监督。",
    bad="commitment:\n  signed: 2025-02-10   # 只有日期，公众看不到承诺内容",
    fix="commitment:\n  signed: 2025-02-10\n  url: https://example.org/chengnuoshu.pdf",
)
def commitment_published(ctx) -> Outcome:
    commitment = ctx.inst.commitment
    signed, url = commitment.get("signed"), commitment.get("url")
    if signed and url:
        return Outcome(
            PASS,
            f"已公布承诺书（{day(signed)}签署）及原文链接。",
            (ctx.evidence("institution", ("commitment", "url"), url),),
        )
    if signed or url:
        missing = "原文链接（commitment.url）" if signed else "签署日期（commitment.signed）"
        return Outcome(
            WARN,
            f"承诺书缺少{missing}：请补充，公众才能查看并监督承诺内容。",
            (ctx.evidence("institution", ("commitment",), signed or url),),
        )
    return Outcome(
        FAIL,
        "未公布承诺书：请在 institution.yaml 中填写 commitment.signed（签署日期）和 commitment.url（原文链接）。",
        (ctx.evidence("institution", (), "缺少 commitment"),),
    )
