#!/usr/bin/env python3
"""Generates the GB/T 2260 tables in Sources/IDCore/Identity/Divisions/ from the Ministry of
Civil Affairs' published county-level-and-above division codes and their history.

Source: the dataset of yescallop/areacodes (CC0 1.0), which collects the Ministry's yearly lists
from 1980 to the end of 2024 (the last published list: the Ministry published the 2024 list in
2025) with the year each code came into use and left it, and its successor codes. The generator
reads its `result.csv` at a pinned commit:

    curl -sLo /tmp/areacodes.csv https://raw.githubusercontent.com/yescallop/areacodes/eed219a0678d36bacaa717f62443b10e869f0291/result.csv

English names: provinces are written by hand (their official English forms); prefectures and
counties are Hanyu Pinyin of the proper name plus a translated administrative suffix. Place
names are read as places, not as words: each name is looked up whole in CC-CEDICT (through
`pypinyin-dict`), which records the readings of Chinese place names (乐清 Yuèqīng, 六合 Lùhé,
珲春 Húnchūn, 洪洞 Hóngtóng), then by its stem; only a name the dictionary lacks is read
character by character, and READINGS holds the few the dictionary gets wrong. ü is written ü
(Lüliang), as the official romanisation of place names does. Test
`AdministrativeDivisionTests.hardNames` checks a list of known hard names.

The municipal "district" groupings (110100, 500200, ...) and the "county-level divisions under
direct provincial administration" groupings (419000, ...) are added so that every county has a
parent.

Developer tool only: the SDK reads the generated Swift source, never Python.

    python3 -m venv /tmp/divisions && /tmp/divisions/bin/pip install pypinyin==0.55.0 pypinyin-dict==0.9.0
    /tmp/divisions/bin/python Scripts/generate_divisions.py /tmp/areacodes.csv
"""
import csv
import re
import sys
from pathlib import Path

from pypinyin import lazy_pinyin
from pypinyin_dict.phrase_pinyin_data import cc_cedict

DIVISIONS = Path(__file__).resolve().parents[1] / "Sources/IDCore/Identity/Divisions"

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


# Names whose reading CC-CEDICT gives wrongly or lacks, as their official romanisation has them.
READINGS = {
    "长子": ["zhang", "zi"],  # Zhangzi County; CC-CEDICT reads 长子县 cháng
    "栖霞": ["qi", "xia"],  # Qixia (Shandong); CC-CEDICT reads 栖霞市 xī
    "石鼓": ["shi", "gu"],  # Shigu District (Hengyang); CC-CEDICT reads dàn
    "色达": ["se", "da"],  # Sêrtar, Sèdá Xiàn; CC-CEDICT reads 色达县 shǎi
    "民乐": ["min", "le"],  # Minle County; CC-CEDICT reads yuè
    "称多": ["cheng", "duo"],  # Chindu, Chēngduō Xiàn; CC-CEDICT reads chèn
    "麦盖提": ["mai", "gai", "ti"],  # Makit, Màigàití Xiàn; CC-CEDICT reads gě
    "扎鲁特": ["zha", "lu", "te"],  # Jarud Banner, Zhālǔtè Qí; CC-CEDICT reads zā
    "扎囊": ["zha", "nang"],  # Zhanang County; CC-CEDICT reads zā
    "乐陵": ["lao", "ling"],  # Laoling; CC-CEDICT reads lè
    "筠连": ["jun", "lian"],  # Junlian County; CC-CEDICT reads yún
    "六枝": ["liu", "zhi"],  # Liuzhi Special District; CC-CEDICT reads lù
}
# Readings of characters in place names, for names the dictionary lacks (襄都 Xiangdu, not
# Xiangdou; 勒 in transcribed names is lè).
PLACE_CHARACTERS = {"都": "du", "勒": "le"}
WHOLE_NAMES = {"单县": "Shan County", "神农架林区": "Shennongjia Forestry District"}
TONE_MARKS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")

# CC-CEDICT's readings, loaded into pypinyin too so that its fallback matches phrases.
cc_cedict.load()


def syllables_of(stem: str, full: str) -> list[str]:
    """The stem's syllables: from the dictionary entry of the whole name (乐清市), of the stem as
    a county or city (洪洞县), or of the stem alone, else character by character."""
    if stem in READINGS:
        return READINGS[stem]
    for candidate in (full, stem + "县", stem + "市", stem):
        entry = cc_cedict.phrases_dict.get(candidate)
        if entry and len(entry) >= len(stem) and candidate.startswith(stem):
            return [readings[0].translate(TONE_MARKS) for readings in entry[: len(stem)]]
    return [PLACE_CHARACTERS.get(char, syllable) for char, syllable in zip(stem, lazy_pinyin(stem, v_to_u=True))]


def pinyin(stem: str, full: str | None = None) -> str:
    syllables = syllables_of(stem, full or stem)
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
            return f"{pinyin(stem, chinese)} {words}".strip()
    return pinyin(chinese)


def english_name(code: str, chinese: str) -> str:
    if code.endswith("0000"):
        return PROVINCES_EN[code[:2]]
    if code in GROUPINGS:
        return GROUPINGS[code][1]
    return english(chinese)


def successors(text: str) -> str:
    """`440104[2005];440116[2005]` -> `440104,440116`: the codes, without the year notes."""
    return ",".join(re.sub(r"\[\d+\]", "", code) for code in text.split(";") if code)


def write(name: str, comment: str, member: str, doc: str, rows: list[str]) -> None:
    body = "\n".join(rows)
    (DIVISIONS / name).write_text(f'''// Generated by Scripts/generate_divisions.py; do not edit by hand.
// {comment} ({len(rows)} entries).

extension AdministrativeDivision {{
    /// {doc}
    static let {member} = """
{body}
"""
}}
''', encoding="utf-8")
    print(f"wrote {len(rows)} rows to {name}")


def main() -> None:
    with open(sys.argv[1], encoding="utf-8-sig", newline="") as file:
        records = list(csv.DictReader(file))
    current = {r["代码"]: r["名称"] for r in records if r["状态"] == "在用"}
    current.update({code: chinese for code, (chinese, _) in GROUPINGS.items()})
    rows = [f"{code}\t{chinese}\t{english_name(code, chinese)}" for code, chinese in sorted(current.items())]
    assert len([code for code in current if code.endswith("0000")]) == 34
    write("AdministrativeDivisionTable.swift", "GB/T 2260 division codes in use at the end of 2024, with Chinese and English names",
          "table", "One division per line: code, Chinese name, English name, separated by tabs.", rows)
    ended = sorted((r for r in records if r["状态"] != "在用"), key=lambda r: (r["代码"], int(r["启用时间"])))
    history = [f"{r['代码']}\t{r['名称']}\t{english_name(r['代码'], r['名称'])}\t{r['启用时间']}\t{r['变更/弃用时间']}\t{successors(r['新代码'])}"
               for r in ended]
    write("AdministrativeDivisionHistoryTable.swift", "Earlier uses of GB/T 2260 codes, 1980 to 2024",
          "historyTable", "One earlier use per line: code, Chinese name, English name, first year, year it ended, successor codes (comma-separated), separated by tabs.", history)


if __name__ == "__main__":
    main()
