"""`portal new`: a new institution folder with every required file and field, explained in Chinese.

Every value the institution must supply is a "请填写…" placeholder, which `portal check` reports at its
line and column until it is replaced (generator/validate/placeholders.py). Only what follows from the
credit code itself is filled in: the code, the province of the registering authority and the kind of
licence. Each file starts with a modeline that points editors at the published schema.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..names import (
    COMPLAINT_CHANNEL_NAMES,
    FEE_ITEM_NAMES,
    INSTITUTION_KIND_NAMES,
    LICENSE_NAMES,
    METHOD_NAMES,
    PLAN_STATUS_NAMES,
    QUERY_CHANNEL_NAMES,
    STATUS_NAMES,
)
from ..problems import PortalError
from ..schemas import load_schema, schema_file_name, schema_url
from ..validate.codes import PROVINCES, credit_code_error

# The registration authority, from the code's first digit (GB 32100-2015 table 1), decides the licence.
_LICENSE_BY_AUTHORITY = {"1": "public_institution", "5": "private_non_enterprise", "9": "business_license"}


def _choices(names: dict[str, str]) -> str:
    """The allowed codes with their Chinese names, as a comment lists them: "a（甲）、b（乙）或 c（丙）"."""
    items = [f"{code}（{title}）" for code, title in names.items()]
    return "、".join(items[:-1]) + "或 " + items[-1] if len(items) > 1 else items[0]


def _license_hint(license_type: str | None) -> str:
    return f"  # 按信用代码第 1 位预填（{LICENSE_NAMES[license_type]}），请核对" if license_type else ""


@dataclass(frozen=True)
class NewInstitution:
    credit_code: str
    name: str = ""
    maintainers: tuple[str, ...] = field(default_factory=tuple)


def checked_credit_code(text: str) -> str:
    code = text.strip().upper()
    if (error := credit_code_error(code)) is not None:
        raise PortalError(
            f"统一社会信用代码 “{text}” 无效：{error}。请照营业执照或登记证书逐位核对后重新运行 portal new"
        )
    return code


def checked_maintainer(login: str) -> str:
    login = login.strip()
    pattern = load_schema("institution")["properties"]["maintainers"]["items"]["pattern"]
    if not re.fullmatch(pattern, login):
        raise PortalError(f"维护人账号 “{login}” 无效：请填写代码仓库的用户名（字母、数字和连字符，不带 @）")
    return login


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar: JSON string syntax is valid YAML, whatever the name contains."""
    return json.dumps(value, ensure_ascii=False)


def _modeline(schema_name: str, site_url: str) -> str:
    target = (
        schema_url(schema_name, site_url) if site_url else f"../../generator/schemas/{schema_file_name(schema_name)}"
    )
    return f"# yaml-language-server: $schema={target}\n"


def institution_yaml(new: NewInstitution, site_url: str) -> str:
    return _modeline("institution", site_url) + _identity_part(new) + _scope_part(new)


def _identity_part(new: NewInstitution) -> str:
    """Who and where: name, kind, region, filing and licence (prefilled from the credit code)."""
    code = new.credit_code
    region_code = code[2:8]
    province = PROVINCES.get(region_code[:2])
    license_type = _LICENSE_BY_AUTHORITY.get(code[0])
    name = _yaml_text(new.name) if new.name else "请填写机构全称（与登记证书一致）"
    return f"""\
# 机构基本信息（institution.yaml）。由 portal new 生成。
# 把每一个“请填写……”换成真实信息；portal check 会逐条指出还没填写的地方（文件:行:列）。
# 每个字段的说明见网站“公示数据格式”页；编辑器安装 YAML 插件后会按第一行的地址给出提示。
# 数字形式的代码和电话要加英文引号，例如 "440106"、"020-12345678"。
schema_version: 1
# 统一社会信用代码：必须与文件夹名称一致，不要修改。
credit_code: "{code}"
name: {name}
# 简称（可选），用于搜索和列表，例如：
# short_name: 某某职业技能评价中心
# 机构类型，只写英文代码：
# {_choices(INSTITUTION_KIND_NAMES)}。
kind: 请填写机构类型
region:
  # 行政区划代码（6 位，GB/T 2260）。已按信用代码第 3–8 位（登记管理机关所在地）预填，请核对。
  code: "{region_code}"
  province: {province or "请填写省份全称，例如 广东省"}
  city: 请填写城市，例如 广州市
  district: 请填写区县，例如 天河区
address: 请填写办公地址
phone: 请填写联系电话，加英文引号，例如 "020-12345678"
# 网站（可选），只接受 https:// 或 http:// 开头的网址：
# website: https://www.example.org/
filing:
  # 备案机关和备案日期（YYYY-MM-DD），照人社部门的备案文件填写。
  authority: 请填写备案机关，例如 广州市人力资源和社会保障局
  date: 请填写备案日期，格式 YYYY-MM-DD
  # 备案编号（可选）：
  # number: 穗人社评备〔2026〕001号
  # 目录状态：{_choices(STATUS_NAMES)}。
  status: active
license:
  # 资质证明，只写英文代码：
  # {_choices(LICENSE_NAMES)}。
  type: {license_type or "请填写资质证明类型"}{_license_hint(license_type)}
  # 有效期至（可选）：
  # valid_until: 2030-12-31
"""


def _scope_part(new: NewInstitution) -> str:
    """What, where and how to reach: commitment, scope, venues, channels, publicity, maintainers."""
    if new.maintainers:
        maintainers = "maintainers:\n" + "".join(f"  - {login}\n" for login in new.maintainers)
    else:
        maintainers = "maintainers:\n  - 请填写你在代码仓库的用户名（不带 @）；不需要限制时删除这两行\n"
    return f"""\
# 承诺书（可选，督导指标 2 会检查）：
# commitment:
#   signed: 2026-01-10
#   url: https://www.example.org/commitment.pdf
# 备案评价范围：每个备案的职业（工种）写一项，levels 为等级 1–5（5 五级/初级工 …… 1 一级/高级技师）。
scope:
  - occupation_code: 请填写职业编码，加英文引号，例如 "6-31-01-03"
    occupation: 请填写职业名称，例如 电工
    levels:
      - 请填写等级，1–5 的整数，例如 4
# 评价场地：id 只用小写字母、数字和连字符，plans.yaml 用它指明在哪里考评。
venues:
  - id: main
    name: 请填写场地名称，例如 一号实训楼
    address: 请填写场地地址
    capacity: 请填写每场次可容纳的人数（整数），例如 40
# 查询与投诉渠道。results、certificates 的 type：{_choices(QUERY_CHANNEL_NAMES)}；
# complaints、supervisor_complaints 的 type：{_choices(COMPLAINT_CHANNEL_NAMES)}。
# hours 为受理时间（可选），例如 工作日 8:30-17:30。暂时没有的渠道写 []。
channels:
  results:
    - type: 请填写渠道类型
      value: 请填写网址、电话或地点
  certificates:
    - type: 请填写渠道类型
      value: 请填写网址、电话或地点
  complaints:
    - type: 请填写渠道类型
      value: 请填写投诉电话、邮箱、网址或地址
  supervisor_complaints:
    - type: phone
      value: "12333"
      handler: 请填写受理投诉的监管部门，例如 广州市人力资源和社会保障局
# 宣传材料（可选），督导指标 16 会检查：
# publicity:
#   - title: 关于开展 2026 年度职业技能等级认定的通知
#     text: 通知全文……
#     date: 2026-03-02
# 维护人：允许通过拉取请求修改本文件夹的代码仓库账号。写上以后，只有这些账号提交的修改才会被接受。
{maintainers}"""


def fees_yaml(site_url: str) -> str:
    return (
        _modeline("fees", site_url)
        + f"""\
# 收费标准（fees.yaml）。由 portal new 生成。
# 每个备案职业、等级的每一个收费项目写一项；职业编码和等级必须在 institution.yaml 的 scope 中。
# 调整收费时不要改旧金额：给旧的一项写 effective_until（失效日期），再新增一项从次日起生效。
schema_version: 1
fees:
  - occupation_code: 请填写职业编码，加英文引号，例如 "6-31-01-03"
    level: 请填写等级，1–5 的整数，例如 4
    # 收费项目：{_choices(FEE_ITEM_NAMES)}。
    item: 请填写收费项目
    # 金额（元）：不带单位和引号的数字，最多两位小数，例如 380。
    amount: 请填写金额（元），例如 380
    basis: 请填写收费依据，例如 物价部门文件文号，或 自主定价并备案
    effective_from: 请填写生效日期，格式 YYYY-MM-DD
# 退费规定（可选）：
# refund_policy: 报名后因个人原因不能参加的，考前 7 日申请可全额退费。
"""
    )


def plans_yaml(site_url: str) -> str:
    return (
        _modeline("plans", site_url)
        + f"""\
# 评价计划（plans.yaml），即考评批次。由 portal new 生成。没有计划时保留 plans: []。
# 有计划时删除 []，按下面的样例（去掉行首的 #）每个批次写一项：
schema_version: 1
plans: []
#  - id: 2026-06-DG4             # 批次编号：字母、数字和连字符，本机构内唯一
#    occupation_code: "6-31-01-03"
#    level: 4
#    methods: [theory, practical] # 评价方式，可多选：{_choices(METHOD_NAMES)}
#    registration:
#      from: 2026-05-06
#      to: 2026-05-29
#      how:
#        text: 携带身份证到办公室报名
#    exam_dates: [2026-06-20]     # 考评日期，须在报名截止之后
#    venue: main                  # institution.yaml 中某个场地的 id
#    candidates: 40               # 计划人数
#    evaluators: 5                # 考评员人数
#    supervisors: 1               # 督导员人数
#    announced: 2026-04-30        # 公布日期
#    status: planned              # 状态：{_choices(PLAN_STATUS_NAMES)}
"""
    )


def scaffold_files(new: NewInstitution, site_url: str) -> dict[str, str]:
    return {
        "institution.yaml": institution_yaml(new, site_url),
        "fees.yaml": fees_yaml(site_url),
        "plans.yaml": plans_yaml(site_url),
    }


def create_institution(institutions: Path, new: NewInstitution, site_url: str) -> Path:
    if not institutions.is_dir():
        raise PortalError(f"找不到 {institutions}/ 文件夹：请在门户仓库的根目录运行 portal new")
    folder = institutions / new.credit_code
    if folder.exists():
        raise PortalError(
            f"{folder}/ 已经存在：要更新本机构的材料，请直接编辑其中的文件，然后运行 portal check {folder}"
        )
    files = scaffold_files(new, site_url)
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
