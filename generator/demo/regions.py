"""A compact table of real GB/T 2260 codes: for each city one district, with the city's telephone area code.

Not every district of China: enough real places, weighted roughly by population, for synthetic data
that looks and validates like the real thing. Province names come from validate.codes.PROVINCES.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..validate.codes import PROVINCES


@dataclass(frozen=True)
class Place:
    code: str  # the district's six-digit GB/T 2260 code
    city: str
    district: str
    area_code: str  # the fixed-line telephone area code
    weight: int  # relative share of institutions

    @property
    def province(self) -> str:
        return PROVINCES[self.code[:2]]

    @property
    def city_short(self) -> str:
        return self.city.removesuffix("市") if self.city.endswith("市") else self.city


# code, city, district, area code, weight
_TABLE = """
110101 北京市 东城区 010 3
110105 北京市 朝阳区 010 4
110108 北京市 海淀区 010 4
120101 天津市 和平区 022 2
120104 天津市 南开区 022 2
130102 石家庄市 长安区 0311 3
130203 唐山市 路北区 0315 2
130602 保定市 竞秀区 0312 2
140105 太原市 小店区 0351 2
140202 大同市 平城区 0352 1
150102 呼和浩特市 新城区 0471 1
150203 包头市 昆都仑区 0472 1
210102 沈阳市 和平区 024 2
210202 大连市 中山区 0411 2
220102 长春市 南关区 0431 2
220202 吉林市 昌邑区 0432 1
230102 哈尔滨市 道里区 0451 2
230202 齐齐哈尔市 龙沙区 0452 1
310101 上海市 黄浦区 021 3
310104 上海市 徐汇区 021 3
310115 上海市 浦东新区 021 4
320104 南京市 秦淮区 025 3
320205 无锡市 锡山区 0510 2
320508 苏州市 姑苏区 0512 3
320312 徐州市 铜山区 0516 2
330106 杭州市 西湖区 0571 3
330203 宁波市 海曙区 0574 2
330302 温州市 鹿城区 0577 2
340102 合肥市 瑶海区 0551 3
340202 芜湖市 镜湖区 0553 1
350102 福州市 鼓楼区 0591 2
350203 厦门市 思明区 0592 2
360102 南昌市 东湖区 0791 2
360403 九江市 浔阳区 0792 1
370102 济南市 历下区 0531 3
370202 青岛市 市南区 0532 3
370602 烟台市 芝罘区 0535 2
410105 郑州市 金水区 0371 4
410302 洛阳市 老城区 0379 2
420106 武汉市 武昌区 027 4
420502 宜昌市 西陵区 0717 1
430104 长沙市 岳麓区 0731 3
430202 株洲市 荷塘区 0731 1
440106 广州市 天河区 020 4
440305 深圳市 南山区 0755 4
440604 佛山市 禅城区 0757 2
441302 惠州市 惠城区 0752 1
441900 东莞市 东莞市 0769 2
450103 南宁市 青秀区 0771 2
450202 柳州市 城中区 0772 1
460105 海口市 秀英区 0898 1
460202 三亚市 海棠区 0898 1
500103 重庆市 渝中区 023 3
500106 重庆市 沙坪坝区 023 2
510104 成都市 锦江区 028 3
510107 成都市 武侯区 028 3
510703 绵阳市 涪城区 0816 1
520102 贵阳市 南明区 0851 2
520302 遵义市 红花岗区 0851 1
530102 昆明市 五华区 0871 2
530402 玉溪市 红塔区 0877 1
540102 拉萨市 城关区 0891 1
610103 西安市 碑林区 029 3
610302 宝鸡市 渭滨区 0917 1
620102 兰州市 城关区 0931 1
630102 西宁市 城东区 0971 1
640104 银川市 兴庆区 0951 1
650102 乌鲁木齐市 天山区 0991 1
"""

PLACES: tuple[Place, ...] = tuple(
    Place(code, city, "" if district == city else district, area, int(weight))
    for code, city, district, area, weight in (line.split() for line in _TABLE.strip().splitlines())
)
