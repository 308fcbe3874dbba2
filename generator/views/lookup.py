"""The two lookup forms (certificates, results): what differs between them is wording, not structure."""

from __future__ import annotations

from ..names import lookup_names
from ..reference.area_codes import HOTLINE  # dialled from a phone, it reaches the caller's own city

_ID_FIELD = {"label": "身份证号", "maxlength": 30, "hint": "18 位居民身份证号，末位 X 大小写均可"}

LOOKUP_FORMS = {
    "certificate": {
        "title": "证书查询",
        "prefix": "cert",
        "intro": ("证书编号和姓名", "身份证号和姓名", "核验职业技能等级证书是否有效。"),
        "noscript": "本查询需要启用 JavaScript。也可以通过评价机构公示的其他查询渠道核验证书",
        "number": {"label": "证书编号", "maxlength": 60, "hint": "22 位，首字母 S 或 Y，例如 S123444012345264000123"},
        "name_hint": "与证书上的姓名一致；少数民族姓名中的间隔号“·”可省略",
        "note": "持有带二维码的证书时，用手机扫描证书上的二维码也可以直接核验。"
        "查询不到或有疑问时，请联系发证的评价机构，或拨打人力资源社会保障服务热线",
    },
    "result": {
        "title": "成绩查询",
        "prefix": "result",
        "intro": ("准考证号和姓名", "身份证号和姓名", "查询职业技能等级评价的成绩和结果。"),
        "noscript": "本查询需要启用 JavaScript。也可以通过评价机构公示的其他成绩查询渠道查询",
        "number": {"label": "准考证号", "maxlength": 50, "hint": "与准考证上印的号码一致（字母、数字和连字符）"},
        "name_hint": "与报名时的姓名一致；少数民族姓名中的间隔号“·”可省略",
        "note": "对成绩有异议，或查询不到时，请联系组织考评的评价机构，或拨打人力资源社会保障服务热线",
    },
}


def lookup_view(page: str) -> dict:
    """Context of lookup.html for "certificate" or "result"."""
    return {
        "page": page,
        "form": {**LOOKUP_FORMS[page], "id_field": _ID_FIELD, "hotline": HOTLINE},
        "names": lookup_names(),
    }
