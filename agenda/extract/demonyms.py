"""Country adjectives ("Kazakh", "Nigerian", "Chinese"): the suffix rules that derive most of
them from the country's name, and the ones no rule gives. `places` reads a country named by its
adjective with them. Nothing here imports a heavy package.
"""

from __future__ import annotations

# Adjectives that cannot be derived from the country name by the suffix rules of `demonyms`.
IRREGULAR = {
    "CN": ["Chinese"],
    "JP": ["Japanese"],
    "FR": ["French"],
    "TR": ["Turkish"],
    "AZ": ["Azerbaijani"],
    "BY": ["Belarusian"],
    "US": ["American", "U.S.", "US"],
    "GB": ["British", "UK", "U.K.", "Britain", "Great Britain"],
    "DE": ["German"],
    "ES": ["Spanish"],
    "VN": ["Vietnamese"],
    "PK": ["Pakistani"],
    "AF": ["Afghan"],
    "NL": ["Dutch", "Netherlands"],
    "CH": ["Swiss"],
    "SE": ["Swedish"],
    "FI": ["Finnish"],
    "DK": ["Danish"],
    "PL": ["Polish"],
    "IE": ["Irish"],
    "PT": ["Portuguese"],
    "GR": ["Greek"],
    "TH": ["Thai"],
    "PH": ["Philippine", "Filipino"],
    "IQ": ["Iraqi"],
    "IL": ["Israeli"],
    "KW": ["Kuwaiti"],
    "QA": ["Qatari"],
    "SA": ["Saudi"],
    "AE": ["Emirati", "UAE"],
    "OM": ["Omani"],
    "YE": ["Yemeni"],
    "BD": ["Bangladeshi"],
    "NP": ["Nepalese", "Nepali"],
    "LK": ["Sri Lankan"],
    "KR": ["South Korean"],
    "KP": ["North Korean"],
    "NZ": ["New Zealand"],
    "IT": ["Italian"],
    "HU": ["Hungarian"],
    "UA": ["Ukrainian"],
    "EG": ["Egyptian"],
    "IR": ["Iranian"],
    "BR": ["Brazilian"],
    "CA": ["Canadian"],
    "MX": ["Mexican"],
    "AR": ["Argentine", "Argentinian"],
    "CZ": ["Czech", "Czech Republic"],
    "SK": ["Slovak"],
    "HR": ["Croatian"],
    "BE": ["Belgian"],
    "NO": ["Norwegian"],
    "IS": ["Icelandic"],
    "LU": ["Luxembourgish"],
    "MA": ["Moroccan"],
    "DZ": ["Algerian"],
    "TN": ["Tunisian"],
    "LY": ["Libyan"],
    "SD": ["Sudanese"],
    "SN": ["Senegalese"],
    "LB": ["Lebanese"],
    "MM": ["Myanmar"],
    "LA": ["Lao", "Laotian"],
    "KH": ["Cambodian"],
    "MN": ["Mongolian"],
    "TM": ["Turkmen"],
    "MV": ["Maldivian"],
    "CY": ["Cypriot"],
    "MT": ["Maltese"],
    "SG": ["Singaporean"],
    "MY": ["Malaysian"],
    "ID": ["Indonesian"],
}


def demonyms(name: str) -> list[str]:
    if " " in name:
        return []
    if name.endswith("stan"):
        base = name[:-4].removesuffix("i")
        return [base] if len(base) > 3 else []
    if name.endswith("ia"):
        return [name + "n"]
    if name.endswith("a"):
        return [name + "n"]
    if name.endswith("y"):
        return [name[:-1] + "ian"]
    if name.endswith(("n", "l", "r")):
        return [name + "ian"]
    return []
