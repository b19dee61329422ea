"""Titles: the name an event gets in the agenda, in the house style.

"CSTO Collective Security Council session", "Official visit of President X of Y to Z",
"EU–China summit", "Meeting of Biden and Xi": from the council or summit name the text gives,
else the organizations, else the phrase around the event's first trigger (`tidy_title` folds and
trims it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agenda.extract.draft import Draft
from agenda.extract.orgs import find_orgs
from agenda.extract.people import ROLE, Person
from agenda.extract.places import city, country_code, country_name
from agenda.extract.triggers import Mention

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.frames import Item
    from agenda.extract.places import Place


def title(d: Draft) -> str:
    """A title in the house style ("CSTO Collective Security Council session")."""
    orgs = " and ".join(d.orgs)
    where = d.place.name if d.place else None
    if d.kind == "visit":
        kind = next((m.visit_type for m in d.mentions if m.visit_type), "").strip()
        head = f"{kind.capitalize()} visit" if kind else "Visit"
        who = d.people[0] if d.people else None
        text = head
        if who:
            role = (who.role or "").split(" of ")[0]
            text += f" of {role} {who.name}".replace("  ", " ")
            if who.country:
                text += f" of {who.country}"
        if where:
            text += f" to {where}"
        return text
    if d.body:
        noun = next((m.noun for m in d.mentions if m.body), "session")
        if find_orgs(d.body):  # "UN General Assembly": the body names its organization
            return f"{d.body} {noun}"
        if not any(find_orgs(m.sentence.text) for m in d.mentions if m.body):
            return f"{d.body} {noun}"  # the organization comes from another sentence
        return f"{orgs} {d.body} {noun}".strip()
    if d.kind == "summit":
        named = _summit_name(d)
        if named:
            return named
        if orgs:
            return f"{orgs} summit"
        topic = _summit_topic(d)
        if topic:
            return f"{topic} summit"  # "the climate summit": what the text calls it
        return f"Summit in {where}" if where else "Summit"
    who = next((m.who for m in d.mentions if m.who), None)
    if who:
        return f"{orgs} {who} meeting".strip().capitalize() if not orgs else f"{orgs} {who} meeting"
    phrase = _phrase(d.mentions[0])
    if (
        d.kind == "bilateral"
        and phrase.startswith(("Meeting of ", "Meeting between "))
        and len(d.people) >= 2
    ):
        # "Russian President Vladimir Putin will also meet UN Secretary-General Antonio
        # Guterres": both sides by name, as "Meeting of Biden and Xi"
        said = d.mentions[0].sentence.text
        order = sorted(d.people, key=lambda p: position(said, p))
        names = [p.name for p in order[:2]]  # in the order the text names them
        return f"Meeting of {names[0]} and {names[1]}"
    if (
        d.kind == "bilateral"
        and phrase.startswith("Meeting of ")
        and " and " not in phrase
        and d.people
        and not any(p.surname in phrase for p in d.people)
    ):
        return f"Meeting with {d.people[0].name}"  # "the Secretary will also meet with X"
    if (
        orgs
        and not any(code in phrase for code in d.orgs)
        and not find_orgs(phrase)
        and d.kind != "bilateral"
    ):
        phrase = f"{orgs} {phrase[:1].lower() + phrase[1:]}"  # "ASEAN video conference"
    return phrase


_NOT_TOPIC = re.compile(
    r"(?:the|a|an|this|that|its|their|his|her|our|next|last|first|second|third|previous|"
    r"upcoming|forthcoming|planned|proposed|possible|new|annual|\w+-day|\d\w*|leaders['’]?|"
    r"one|two|three|of|to|for|at|in|on|and|or|with|by|from|said|says)",
    re.IGNORECASE,
)


def position(text: str, p: Person) -> int:
    """Where `text` first names `p` (full name, surname or first name, "Xi" of "Xi Jinping");
    -1 when it does not ("He will meet X": he comes first)."""
    found = [text.find(w) for w in (p.name, p.surname, p.name.split()[0]) if w in text]
    return min(found) if found else -1


def _side(words: str) -> str | None:
    """One side of "X and Y" as a code ("European Union": EU) or a country ("Chinese": China)."""
    orgs = find_orgs(words)
    if len(orgs) == 1 and orgs[0][1] == (0, len(words)):
        return orgs[0][0]
    code = country_code(words)
    if code:
        return country_name(code)
    return None


def _summit_topic(d: Draft) -> str | None:
    """ "the climate summit", "an informal summit": the lower-case word the text puts before it."""
    for m in d.mentions:
        if m.kind != "summit" or m.noun != "summit":
            continue
        word = re.search(r"(?<![\w'’-])([a-z][a-z-]{2,})\s+$", m.sentence.text[: m.span[0]])
        if word and not _NOT_TOPIC.fullmatch(word.group(1)):
            return word.group(1).capitalize()
    return None


def _summit_name(d: Draft) -> str | None:
    """ "EU-Western Balkans summit", "East Asia Summit": the name the text gives, when it says
    more than the organization's code."""
    for m in d.mentions:
        if m.kind != "summit" or m.noun != "summit":
            continue
        text = m.sentence.text
        own = re.match(r"\s+of\s+the\s+(?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*", text[m.span[1] :])
        if text[m.span[0]] == "S" and own:  # "the Summit of the Future": its own name
            rest = own.group(0).split(" the ", 1)[1].strip()
            if not find_orgs(rest) and not city(rest) and not country_code(rest):
                return "Summit" + re.sub(r"\s+", " ", own.group(0))
        lead = re.search(
            r"(?:(?-i:[A-Z][\w’'-]*)\s+)(?:(?:of\s+|and\s+)?(?-i:[A-Z][\w’'-]*)\s+)*$",
            m.sentence.text[: m.span[0]],
        )
        if not lead:
            continue
        words = [
            w
            for w in lead.group(0).split()
            if w not in ("The", "A", "An", "This", "Next", "Last") and not re.match(r"\d", w)
        ]
        name = " ".join(words).removeprefix("of ").strip()
        if not words or re.fullmatch(r"[A-Z]{2,6}", name) or name in d.orgs:
            continue
        sides = [_side(part) for part in re.split(r"\s+and\s+", name)]
        if len(sides) == 2 and all(sides):
            return f"{sides[0]}–{sides[1]} summit"  # "European Union and Chinese": "EU–China"
        covered = sum(b - a for _, (a, b) in find_orgs(name))
        if covered >= len(name.replace(" ", "")) or city(name) or country_code(name):
            continue  # "Group of Seven", "European Union", "the Johannesburg summit"
        return f"{name} summit"
    return None


_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# Lower-case words that may not stand between a name and its trigger ("Tokayev will hold talks").
_NOT_LEAD = (
    r"(?:will|would|shall|can|may|must|hold|holds|held|also|then|a|an|the|for|to|and|or|with|"
    r"co-chair|chair|attend|attends|open|opens|host|hosts|take|part|in|on|at|of|his|her|their|"
    r"its|is|are|be|was|were|has|have|had|said|expected|due|set|visit|meet)"
)


def _phrase(m: Mention) -> str:
    text = m.sentence.text
    start = m.span[0]
    lead = re.search(
        r"(?:(?-i:[A-Z][\w’'-]*)\s+)(?:(?:(?-i:[A-Z][\w’'-]*)|of|the|and|[-–—])\s+)*"
        r"(?:(?!" + _NOT_LEAD + r"\s)(?-i:[a-z][\w-]*['’]?)\s+){0,2}$"
        r"|(?:(?:[A-Z][\w’'-]*|of|the|and)\s+)*$",
        text[:start],
    )
    small = re.match(r"(?:(?:of|the|and)\s+)+(?=[A-Z])", lead.group(0)) if lead else None
    if small:  # "... margins of the St Petersburg International Economic Forum"
        lead = re.search(re.escape(lead.group(0)[small.end() :]) + "$", text[:start])
    if lead and lead.group(0).strip() and lead.group(0)[:1].isupper():
        head = re.match(r"(?:(?:The|A|An|This|Next|Last)\s+)+", lead.group(0))
        begin = lead.start() + (head.end() if head else 0)
        if text[begin:start].strip() and not re.search(
            r"day\b|^(?:On|In|At|During|After|Before|Ahead|Following)\b", text[begin:start]
        ):
            start = begin
    rest = text[m.span[1] :]
    cut = re.search(
        r"\s+(?:will|is|are|was|were|to\s+be|would|has|have|under|opens|opened|begins|began|"
        r"starts|started|closes|closed|ends|ended|runs|ran|kicks|kicked|gets|got|takes|took|"
        r"meets|met|convenes|convened|gathers|gathered)\b"
        r"|\s+(?:at|from|by|until)\s+(?=[A-Z\d])|\s+on\s+(?=\d|(?:" + _MONTHS + r")\b)"
        r"|\s+(?:on|this|next)\s+(?:the\s+)?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|eve|sidelines)\b"
        r"|(?<!situation)\s+in\s+[A-Z]|\s+and\s+(?=(?:[\w-]+\s+)(?:a|an|the)\s)"
        r"|\s+with\s+the\s+participation\b|\s+(?:that|which|who)\b|[,;]"
        r"|(?<!\b[A-Z])(?<!\b(?:Mr|Dr|Ms|St|Jr))(?<!\bMrs)\.|$",
        rest,
    )
    end = m.span[1] + (cut.start() if cut else 0)
    phrase = text[start:end].strip()
    clause = re.split(r"[,;.]", rest, maxsplit=1)[0]
    side = re.search(r"\bon\s+the\s+sidelines\s+of\s+(?:the\s+)?[\w\s-]+?(?=[,.;]|$)", clause)
    if side and "sidelines" not in phrase:
        phrase += " " + side.group(0)
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(
        r"^(?:(?:will\s+)?(?:also\s+)?(?:hold|holds|held|have|has|conduct)\s+)(?:(?:the|a|an)\s+)?",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    return tidy_title(phrase, tuple(p.name for p in m.people))


_DANGLING = re.compile(
    r"(?:[\s,;:-]+(?:of|on|in|at|to|for|with|by|from|the|a|an|and|or|as|about|over|into|"
    r"within|between|among|under|its|their|his|her))+$",
    re.IGNORECASE,
)


def tidy_title(phrase: str, names: tuple[str, ...] = ()) -> str:
    """A short title: "of the X member states" folded, no dangling preposition or article;
    the roles before `names` (people of the event) dropped in "Meeting of A and <role> B"."""
    phrase = re.sub(r"\s+", " ", phrase).strip()
    # "He meets President X" (a week-ahead's present): the meeting, not its pronoun
    phrase = re.sub(
        r"^(?:He|She|They)\s+(?:also\s+)?meets?\s+(?:with\s+)?", "Meeting with ", phrase
    )
    phrase = re.sub(r"^[Ss]ee\s+(.+?)\s+bilaterally\b", r"Meeting with \1", phrase)
    # "with H.E. Mr. Abdel Fattah El-Sisi": the name without the forms of address
    phrase = re.sub(r"\b(?:H\.\s?[EMH]\.|Mr\.|Mrs\.|Ms\.|Dr\.|Shri|Smt\.)\s+(?=[A-Z])", "", phrase)
    phrase = re.sub(r"(?<=\w) [-–—] (?=[A-Z])", " – ", phrase)  # "Central Asia – China"
    verbless = re.sub(
        r"\s+(?:will|would|are\s+(?:expected|scheduled|due|set|going)\s+to|are\s+to|to)\s+"
        r"(?:also\s+)?(?:meet|gather|convene|hold)\b.*$",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    if verbless != phrase:  # "Foreign ministers of Iran and Saudi Arabia will meet"
        rest = re.sub(r"^(?:the\s+)", "", verbless, flags=re.I)
        group = re.match(
            r"(?:foreign|defen[cs]e|finance|trade|economy|energy|ministers|leaders|heads|"
            r"presidents|prime|deputy)\b",
            rest,
            re.I,
        )
        # "Foreign ministers of Iran and ..." -> "Meeting of the foreign ministers ..."; "Biden and Xi"
        phrase = (
            ("Meeting of the " + rest[:1].lower() + rest[1:]) if group else "Meeting of " + rest
        )
    phrase = re.sub(r"\bon\s+the\s+(?:situation|developments)\s+(?:in|around|on)\s+", "on ", phrase)
    phrase = re.sub(
        r"\bof\s+the\s+(?P<who>[a-z][\w\s-]*?)\s+of\s+the\s+"
        r"(?P<orgs>[A-Z]{2,6}(?:(?:,\s*|\s+and\s+)[A-Z]{2,6})*)\s+member\s+(?:states|countries)\b",
        r"of \g<orgs> \g<who>",
        phrase,
    )
    if phrase.startswith("Meeting of "):
        for name in names:
            # "Meeting of Vladimir Putin and President of the United Arab Emirates Mohamed bin
            # Zayed Al Nahyan": names only, as "Meeting of Biden and Xi"
            phrase = re.sub(
                r"(?<=\band\s)(?:[A-Z][\w’'-]+\s+)?" + ROLE + r"(?:\s+of\s+(?:the\s+)?"
                r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})?\s+(?=" + re.escape(name) + r"\b)",
                "",
                phrase,
            )
    if len(phrase) > 100:
        phrase = phrase[:100].rsplit(" ", 1)[0]
    phrase = _DANGLING.sub("", phrase).strip(" ,;:-")
    return phrase[:1].upper() + phrase[1:]


def headline_title(headline: str) -> str:
    """The title of the visit or summit a programme's headline names: its part that names
    it ("G8 summit preview: Heiligendamm, 6-8 June 2007 - what to expect" -> "G8 summit")."""
    words = re.sub(
        r"^(?:(?:the\s+)?(?:outline\s+)?programme\s+(?:of|for)\s+(?:the\s+)?)",
        "",
        headline.strip(),
        flags=re.I,
    )
    words = re.split(r"\s*[:–—]\s*(?:the\s+)?(?:outline\s+)?programme\b|\n", words, flags=re.I)[0]
    parts = re.split(r"\s*[:–—]\s+|\s+-\s+", words)
    named = [p for p in parts if re.search(r"\b(?:summit|visit)\b", p, re.I)]
    if named and len(parts) > 1:
        words = re.sub(r"\s+(?:preview|schedule|programme|at a glance)$", "", named[0], flags=re.I)
    return words[:1].upper() + words[1:]


def occasion_title(noun: str, subject: str | None, place: Place | None) -> str:
    """ "Coronation of King X in London", "Funeral Mass in Vatican City"."""
    out = noun
    if subject:
        out += f" of {subject}"
    if place is not None and place.city:
        out += f" in {place.city}"
    return out


def leg_title(visit: Proposal, place: Place) -> str:
    """ "Visit of X to <the leg's city>", after the visit's own title."""
    who = re.search(r"\bof (.+?) to ", visit.title)
    return f"Visit of {who.group(1)} to {place.city}" if who else f"Visit to {place.city}"


def verb_title(item: Item) -> str:
    """ "will also meet President Vo Van Thuong" -> "Meeting with President Vo Van Thuong"."""
    at = item.quote.find(item.title)
    rest = item.quote[at + len(item.title) :] if at >= 0 else ""
    who = re.match(r"(?:the\s+)?((?:[A-Z][\w'’.-]*\s*)+)", rest)
    return f"Meeting with {who.group(1).strip()}" if who else "Meeting"


def item_title(kind: str, what: str, holder: Proposal | None) -> str:
    """A calendar title from the item's words: the item itself, without times, leading
    articles or the place clause, with the parent's name when the words are generic."""
    words = re.split(r"[;:(]|,\s+(?:where|with|followed|including|which|hosted)\b", what)[0]
    words = words.strip().rstrip(".,")
    words = re.sub(r"^(?:(?:host|give|offer|hold)\s+)?(?:the|a|an)\s+", "", words, flags=re.I)
    words = re.sub(r"\s+(?:at|in|on|along|via)\s+[A-Z].*$", "", words)
    # the item as a noun: "meet in a narrow format" -> "Meeting in narrow format"
    words = re.sub(r"^meets?\s+in\s+(?:a|an|the)?\s*", "Meeting in ", words, flags=re.I)
    words = re.sub(r"^ceremony\s+for\s+the\s+signing\b.*$", "Signing ceremony", words, flags=re.I)
    words = words[:1].upper() + words[1:]
    if holder is not None and len(words.split()) <= 3:
        base = re.sub(r"\s+in\s+[A-Z].*$", "", holder.title)
        words = f"{words} ({base})"
    return words
