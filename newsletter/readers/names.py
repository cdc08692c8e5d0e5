"""Chinese personal names, as analysts' names appear beside their SAC numbers.

A name is a surname from the common-surname list (the 百家姓 surnames still
in wide use, single and compound) followed by one or two given-name
characters. Words that sit in the same sidebars (金融工程, 相关报告, 互联网,
作者) fail the rule, so a wrong name is rarely taken: a missing name is
better than a wrong one on a client's briefing.
"""

from __future__ import annotations

import re

SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封钟储弓"
)
COMPOUND_SURNAMES = (
    *("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"),
    *("慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "南宫"),
)
# Given names do not use these characters; sidebar words (金融工程, 股份) do.
NOT_IN_NAMES = set("报告研究分析师员券证融工程业股份公司市场指数评级行联系团队部所编号执资格邮箱电话")
NOT_IN_NAMES |= set("作者相关投资首席助理策略宏观")

_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SINGLE_SURNAMES}])"
NAME = re.compile(f"{_SURNAME}[\u4e00-\u9fff]{{1,2}}")
# What stands beside a name in a sidebar: a role, a certificate label, a colon.
ROLE = r"(?:证券分析师|分析师|分析员|研究员|研究助理|联系人|首席\S{0,6}?分析师)"
AFTER_NAME = rf"(?=$|\s|[：:（(,，]|{ROLE}|SAC|执业|执证|证书|资格|S\d{{13}})"
LABELLED = re.compile(rf"(?:^|{ROLE}|[\s：:（(])[：:\s]*(?P<name>{_SURNAME}[\u4e00-\u9fff]{{1,2}}){AFTER_NAME}")
HAS_ROLE = re.compile(ROLE)


def is_personal_name(text: str) -> bool:
    return bool(NAME.fullmatch(text)) and not NOT_IN_NAMES.intersection(text)


def names_in(text: str) -> list[str]:
    """The personal names on one sidebar line, left to right ("肖俨衍 分析员魏萌 分析员")."""
    found = [match["name"] for match in LABELLED.finditer(text.strip())]
    return [name for name in found if is_personal_name(name)]
