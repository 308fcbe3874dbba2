"""Long-distance area codes (长途区号) by city: the first four digits of the administrative division code.

12333 dialled from a mobile reaches the caller's own city's bureau; to reach the bureau that supervises an
institution in another city, dial that city's area code first (020-12333 for 广州). Only cities listed
here get a code; elsewhere the page shows plain 12333 and says it reaches the caller's own bureau.
"""

from __future__ import annotations

HOTLINE = "12333"  # 人力资源社会保障服务热线

AREA_CODES = {
    "1101": "010",
    "1201": "022",
    "3101": "021",
    "5001": "023",
    "5002": "023",  # municipalities
    "1301": "0311",
    "1401": "0351",
    "1501": "0471",
    "2101": "024",
    "2102": "0411",
    "2201": "0431",
    "2301": "0451",
    "3201": "025",
    "3205": "0512",
    "3301": "0571",
    "3302": "0574",
    "3401": "0551",
    "3501": "0591",
    "3502": "0592",
    "3601": "0791",
    "3701": "0531",
    "3702": "0532",
    "4101": "0371",
    "4201": "027",
    "4301": "0731",
    "4401": "020",
    "4403": "0755",
    "4501": "0771",
    "4601": "0898",
    "5101": "028",
    "5201": "0851",
    "5301": "0871",
    "5401": "0891",
    "6101": "029",
    "6201": "0931",
    "6301": "0971",
    "6401": "0951",
    "6501": "0991",
}


def supervisory_hotline(region_code: str) -> dict:
    """12333 as dialled to reach the institution's own city: {number, tel, local}."""
    area = AREA_CODES.get(region_code[:4])
    if area is None:
        return {"number": HOTLINE, "tel": f"tel:{HOTLINE}", "local": False}
    return {"number": f"{area}-{HOTLINE}", "tel": f"tel:{area}{HOTLINE}", "local": True}
