"""Word lists the rule components share: roles, outlet nouns, platforms, cues.

Kept apart from the components so that each list is written once and a
researcher can read in one place what the rules look for.
"""

from __future__ import annotations

__all__ = [
    "ROLE_GROUPS",
    "OUTLET_NOUNS",
    "OUTLET_NAME_WORDS",
    "PLATFORMS",
    "ACCOUNT_NOUNS",
    "NAME_PARTICLES",
    "role_group",
]

#: Role words and the group they belong to: "PM", "premier" and "prime minister"
#: name one office, so "the premier" resolves to whoever was introduced as "PM".
ROLE_GROUPS: dict[str, str] = {
    "prime minister": "prime-minister",
    "premier": "prime-minister",
    "pm": "prime-minister",
    "president": "president",
    "vice president": "vice-president",
    "minister": "minister",
    "foreign minister": "foreign-minister",
    "chancellor": "chancellor",
    "senator": "senator",
    "sen.": "senator",
    "governor": "governor",
    "gov.": "governor",
    "mayor": "mayor",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "activist": "activist",
    "blogger": "blogger",
    "journalist": "journalist",
    "reporter": "journalist",
    "correspondent": "journalist",
    "editor": "editor",
    "ambassador": "ambassador",
    "chairman": "chair",
    "chairwoman": "chair",
    "chair": "chair",
    "ceo": "ceo",
    "director": "director",
    "leader": "leader",
    "candidate": "candidate",
    "nominee": "candidate",
    "lawmaker": "lawmaker",
    "congressman": "lawmaker",
    "congresswoman": "lawmaker",
    "rep.": "lawmaker",
    "deputy": "deputy",
    "general": "general",
    "gen.": "general",
    "judge": "judge",
    "official": "official",
    "secretary": "secretary",
    "analyst": "analyst",
    "professor": "professor",
    "prof.": "professor",
    "dr.": "doctor",
    "pastor": "pastor",
}

#: Nouns that make the proper name next to them a news outlet
#: ("state news agency Khabar", "RFE/RL's Kazakhstan service").
OUTLET_NOUNS = frozenset(
    {
        "agency",
        "newspaper",
        "paper",
        "daily",
        "weekly",
        "tabloid",
        "broadcaster",
        "channel",
        "network",
        "station",
        "radio",
        "tv",
        "television",
        "outlet",
        "magazine",
        "website",
        "site",
        "portal",
        "service",
        "publication",
        "wire",
        "newswire",
        "newsroom",
        "journal",
        "media",
        "outlets",
        "gazette",
        # Russian, as lemmas ("агентства" is read as "агентство")
        "агентство",
        "информагентство",
        "газета",
        "телеканал",
        "канал",
        "радио",
        "радиостанция",
        "издание",
        "портал",
        "сайт",
        "служба",
        "редакция",
        "телекомпания",
        # Ukrainian, as lemmas (газета, телеканал, агентство are written alike)
        "радіо",
        "видання",
        "редакція",
        "агенція",
    }
)

#: Words inside a name that make it an outlet ("Radio Azattyk", "Fox News").
OUTLET_NAME_WORDS = frozenset(
    {
        "radio",
        "tv",
        "television",
        "news",
        "times",
        "post",
        "journal",
        "gazette",
        "herald",
        "tribune",
        "telegraph",
        "agency",
        "broadcasting",
        "channel",
        "daily",
        "weekly",
        "press",
        "media",
        "magazine",
        "network",
        "chronicle",
        "observer",
        "guardian",
        "reuters",
        "bbc",
        "cnn",
        "msnbc",
        "npr",
        "pbs",
        "rfe/rl",
        "tass",
        "ria",
        "interfax",
        "bloomberg",
        "politico",
        "breitbart",
        "радио",
        "агентство",
        # Ukrainian
        "радіо",
    }
)

#: Platform names as written, to the platform id used in account ids.
PLATFORMS: dict[str, str] = {
    "twitter": "twitter",
    "x": "twitter",
    "facebook": "facebook",
    "instagram": "instagram",
    "telegram": "telegram",
    "tiktok": "tiktok",
    "youtube": "youtube",
    "vk": "vk",
    "vkontakte": "vk",
    "threads": "threads",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "reddit": "reddit",
    "linkedin": "linkedin",
    "truth social": "truthsocial",
    "weibo": "weibo",
    "odnoklassniki": "ok",
}

#: Nouns that name an account on a platform ("his Facebook page").
ACCOUNT_NOUNS = frozenset(
    {"account", "page", "channel", "feed", "profile", "handle", "blog", "timeline", "wall"}
)

#: Lower-case words allowed inside personal names ("Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "ben",
        "y",
        "dos",
        "das",
        "ter",
        "ul",
    }
)


def role_group(words: str) -> str | None:
    """Return the role group of a title such as ``"Prime Minister"``, if any.

    Examples
    --------
    >>> role_group("PM"), role_group("the premier"), role_group("table")
    ('prime-minister', 'prime-minister', None)
    """
    key = " ".join(words.casefold().split())
    key = key.removeprefix("the ")
    return ROLE_GROUPS.get(key)
