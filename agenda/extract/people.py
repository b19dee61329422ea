"""People: participants with the role the text gives them, and who said a quoted sentence.

Shapes read: "President of Kyrgyzstan Sadyr Japarov", "Kazakh President Kassym-Jomart Tokayev",
"President Sadyr Japarov of Kyrgyzstan", "Ilham Aliyev, the President of Azerbaijan",
"SCO Secretary-General Zhang Ming". A later bare mention ("Japarov", "Sadyr Japarov") is the
same person. Speakers ("..., Jeenbek Kulubaev said") are sources, not participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agenda.extract.places import country_code, country_name

_ROLE = (
    r"(?:First\s+)?(?:Deputy\s+)?(?:Vice[- ])?(?:President|Prime\s+Minister|Foreign\s+Minister"
    r"|Minister\s+(?:of|for)\s+Foreign\s+Affairs|Defen[cs]e\s+Minister|Minister\s+of\s+Defen[cs]e"
    r"|Chancellor|King|Queen|Emir|Amir|Crown\s+Prince|Sultan|Premier|Secretary[- ]General"
    r"|Secretary\s+of\s+State|Chairman|Chairwoman|Chairperson|Speaker|Pope|Governor|Mayor"
    r"|High\s+Representative|Special\s+Envoy|Envoy|Ambassador|Commissioner"
    r"|(?:[A-Z][a-z]+\s+)?Minister)"
)
# "Zhao Leji, chairman of the ... standing committee": a role in lower case after a name
_LOWER_ROLE = r"(?:chairman|chairwoman|chairperson|speaker|president|premier|governor|mayor)"
_PARTICLE = r"(?:bin|ibn|al|de|van|von|da|di|del|der|den|dos|das|du|le|la)"
_TOKEN = (
    r"(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*|[A-Z]\.|" + _PARTICLE + r"(?![\w'’-])|al-[A-Z][a-z]+)"
)
# "Mohamed bin Zayed Al Nahyan", "Luiz Inacio Lula da Silva": a particle goes with the next word
_NAME = (
    r"(?P<name>[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*(?:\s+(?:(?:"
    + _PARTICLE
    + r"|Al|El|Bin|Ibn)\s+){0,2}"
    + _TOKEN
    + r"){1,3})"
)
ROLE = _ROLE
_COUNTRY = r"(?P<country>(?:the\s+)?[A-Z][\w’'-]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]+){0,3})"
_NOT_NAME = re.compile(
    r"^(?:The|A|An|He|She|They|It|This|That|During|On|In|At|Will|Would|Has|Had|Was|Were|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Council|Summit|Foreign|Prime|"
    r"Minister|President|Secretary|State|Republic|Federation|Union|Organization|Head|Heads|"
    r"(?:Shri|Smt|Sri|Mr|Mrs|Ms|Dr|H\.\s?E)\.?|His|Her|Excellency|Majesty|Highness|Honourable|Honorable|Hon\.?)$"
)
_SPEECH = r"(?:said|reported|told|announced|stated|noted|added|explained|informed|confirmed)"


@dataclass
class Person:
    """A person with the role and country the text gives."""

    name: str
    role: str | None = None
    country: str | None = None

    def as_participant(self) -> dict[str, str]:
        """The fields of agenda.core.models.Participant."""
        out = {"name": self.name}
        if self.role:
            out["role"] = self.role
        if self.country:
            out["country"] = self.country
        return out

    @property
    def surname(self) -> str:
        words = self.name.split()
        if len(words) == 2 and "-" in words[1]:
            return words[0]  # a family name first, before a hyphened name: "Han Duck-soo"
        return words[-1]


_PLACE_NOUNS = frozenset(
    [
        "airport",
        "palace",
        "university",
        "stadium",
        "centre",
        "center",
        "street",
        "square",
        "mosque",
        "cathedral",
        "station",
        "museum",
        "avenue",
        "boulevard",
        "hotel",
        "institute",
        "academy",
    ]
)


def _clean_name(raw: str, single: bool = False) -> str | None:
    words = re.sub(r"['’]s$", "", raw.strip()).split()  # "Premier Li Qiang's trip"
    while words and _NOT_NAME.match(words[-1]):
        words.pop()
    while words and _NOT_NAME.match(words[0]):
        words.pop(0)
    if not words or any(w.isupper() and len(w) > 1 for w in words):
        return None
    if any(w.lower() in _PLACE_NOUNS for w in words):
        return None  # "King Abdulaziz International Airport" is a place, not a king
    if len(words) < 2 and not (single and len(words[0]) > 2):
        return None
    if country_code(" ".join(words)):
        return None
    return " ".join(words)


def _country(text: str | None) -> str | None:
    if not text:
        return None
    code = country_code(text) or country_code(re.sub(r"['’]s$", "", text.strip()))  # "Qatar's"
    return country_name(code) if code else None


def _role(role: str) -> str:
    return re.sub(r"\s+", " ", role).strip()


_PATTERNS = [
    # President of Kyrgyzstan Sadyr Japarov
    re.compile(r"\b(?P<role>" + _ROLE + r")\s+of\s+" + _COUNTRY + r"\s+" + _NAME),
    # Kazakh President Kassym-Jomart Tokayev / SCO Secretary-General Zhang Ming
    re.compile(
        r"(?P<adj>\b[A-Z][\w’'.-]+(?:\s+[A-Z][a-z]+(?:['’]s)?)?)\s+(?P<role>"
        + _ROLE
        + r")\s+"
        + _NAME
    ),
    # President Sadyr Japarov (of Kyrgyzstan)
    re.compile(r"\b(?P<role>" + _ROLE + r")\s+" + _NAME + r"(?:\s+of\s+" + _COUNTRY + r")?"),
    # President Tokayev (a surname alone; the full name may come later in the article)
    re.compile(
        r"\b(?P<role>(?:President|Prime\s+Minister|Premier|Chancellor|Foreign\s+Minister|Pope|"
        r"King|Queen|Emir|Sultan|Crown\s+Prince))\s+"
        r"(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?![\w'’-])(?!\s+[A-Z])"
    ),
    # the President of India, Smt. Droupadi Murmu / the Vice President, Shri Jagdeep Dhankhar
    re.compile(
        r"\bthe\s+(?P<role>"
        + _ROLE
        + r")(?:\s+of\s+"
        + _COUNTRY
        + r")?,\s+(?:(?:Shri|Smt|Sri|Mr|Mrs|Ms|Dr|H\.\s?E)\.?\s+){0,2}"
        + _NAME
    ),
    # top legislator Li Zhanshu: a role in lower case
    re.compile(
        r"\b(?P<role>(?:top\s+|chief\s+)?(?:legislator|lawmaker|diplomat|negotiator|envoy))\s+"
        + _NAME
    ),
    # Mr. Kishida, Ms Baerbock: a person without a role
    re.compile(
        r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?![\w'’-])(?!\s+[A-Z])"
    ),
    # Ilham Aliyev, the President of Azerbaijan / Zhao Leji, chairman of the ...
    re.compile(
        _NAME
        + r",\s+(?:the\s+)?(?P<adj>[A-Z][\w’'-]+\s+)?(?P<role>"
        + _ROLE
        + "|"
        + _LOWER_ROLE
        + r")(?:\s+of\s+"
        + _COUNTRY
        + r")?"
    ),
]


def find_people(sentence: str) -> list[tuple[Person, tuple[int, int]]]:
    """People named with a role in the sentence: (person, span of the name)."""
    out: list[tuple[Person, tuple[int, int]]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            single = pattern is _PATTERNS[3] or "role" not in groups
            name = _clean_name(match.group("name"), single=single)
            if not name or any(p.name == name for p, _ in out):
                continue
            if "role" not in groups:
                start = match.start("name")
                out.append((Person(name), (start, start + len(name))))
                continue
            role = _role(match.group("role"))
            country = _country(groups.get("country"))
            adj = (groups.get("adj") or "").strip()
            if not country and adj:
                country = _country(adj)
                if not country:
                    from agenda.core.organizations import lookup

                    if not (adj.isupper() and lookup(adj)):
                        continue  # "Prime Minister X": the shape of the next pattern
                    role = f"{adj} {role}"
            if groups.get("country") and not country:
                if pattern is not _PATTERNS[-1]:
                    continue
                role = f"{role} of {groups['country']}"  # "X, Chairman of the ... Congress"
            if country:
                role = f"{role} of {country}"
            start = sentence.find(name, match.start())
            out.append((Person(name, role, country), (start, start + len(name))))
    return out


def find_known(sentence: str, known: list[Person]) -> list[Person]:
    """People already met in the article who are named again here (by full name or surname).

    The first word of a two-word name counts too when it is short ("Xi" of "Xi Jinping"),
    as East Asian names put the surname first."""
    out = []
    for p in known:
        words = p.name.split()
        keys = [p.surname]
        if len(words) == 2 and len(words[0]) <= 3:
            keys.append(words[0])
        if any(re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", sentence) for k in keys):
            out.append(p)
    return out


_SPEAKER_AFTER = re.compile(
    r"(?:^|[,»”\"]\s*|\s)(?P<pre>(?:[Tt]he\s+)?[^,«»“”\"]*?)\s*"
    + _NAME
    + r"\s+(?:has\s+)?"
    + _SPEECH
    + r"\b"
)
_SPEAKER_BEFORE = re.compile(r"\b" + _SPEECH + r"\s+" + _NAME)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?:him|her|them|the\s+\w+)\b")


# ", the press service of the Belarusian leader said on Monday.": an institution speaks.
_INSTITUTION = re.compile(
    r"(?:^|,\s+)(?P<who>(?:(?:the|his|her|its|their)\s+)?(?:[A-Za-z][\w'’-]*\s+){0,6}?"
    r"(?:press\s+(?:service|office|secretary)|ministry|office|service|department|government|"
    r"administration|embassy|mission|secretariat|Kremlin|White\s+House|spokes\w+|sources?|"
    r"officials?|agency|committee|council|statement)(?:\s+of\s+(?:the\s+)?[\w'’ -]+?)?)"
    r"\s+(?:has\s+|had\s+)?(?:" + _SPEECH[3:-1] + r")\b",
    re.IGNORECASE,
)
# "..., X said on Monday." / "X reported.": the attribution closes the sentence.
_CLOSING = re.compile(
    r"\b" + _SPEECH + r"(?:\s+(?:reporters|journalists|the\s+press|\w+\s+agency))?"
    r"(?:\s+(?:on|in|at|late|earlier|this|last|during)\b[^,;]{0,40})?\s*[.!]?[»”\"]?\s*$"
)


def attribution(sentence: str) -> bool:
    """True when the sentence says who speaks: "X said", "said X", "the ministry said"."""
    return bool(
        _SPEAKER_AFTER.search(sentence)
        or _SPEAKER_BEFORE.search(sentence)
        or _INSTITUTION.search(sentence)
    )


def closing_attribution(sentence: str) -> bool:
    """True when the attribution ends the sentence ("..., Jeenbek Kulubaev reported."), so a
    short such sentence may cover the quote before it; "X has said he will not travel" does not."""
    return bool(_CLOSING.search(sentence))


def find_speaker(sentence: str) -> tuple[str, str] | None:
    """(name, "Name, role") of who the sentence says spoke, or None.

    The speaker comes from the sentence's own attribution only: a person ("X said", "said X",
    "X told reporters") or an institution ("the press service of ... said", "the Foreign Ministry
    said"), given as the text names it; "his press service" (a pronoun) names no one: None."""
    person = _person_speaker(sentence)
    if person:
        return person
    inst = _INSTITUTION.search(sentence)
    if inst:
        who = re.sub(r"\s+", " ", inst.group("who")).strip()
        if re.match(r"(?:his|her|its|their)\b", who, re.I) or not re.search(r"[A-Z]", who):
            return None
        who = re.sub(r"^[Tt]he\s+", "", who)
        return who, who
    return None


def _person_speaker(sentence: str) -> tuple[str, str] | None:
    for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE):
        match = pattern.search(sentence)
        if not match:
            continue
        words = match.group("name").split()
        name = _clean_name(" ".join(words[-2:]))
        if not name:
            continue
        pre = " ".join([(match.groupdict().get("pre") or "").strip(), *words[:-2]]).strip()
        pre = re.sub(r"^[Tt]he\s+", "", pre)
        if pre and re.search(_ROLE + r"|\b(?:of|head|spokes\w+|director|adviser|aide)\b", pre):
            if pre.split()[0].lower() in {"head", "spokesman", "spokeswoman", "spokesperson"}:
                pre = pre[0].lower() + pre[1:]
            return name, f"{name}, {pre}"
        return name, name
    return None


def refers_back(sentence: str) -> bool:
    """True when the sentence quotes the last speaker again ("According to him, ...")."""
    return bool(_ACCORDING.search(sentence))
