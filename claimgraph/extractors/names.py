"""Name keys that meet across scripts, romanisations and Russian case forms.

The same person is written Масимов, Massimov and Masimov; Тоқаев (Kazakh),
Токаев (Russian), Tokayev (BGN/PCGN) and Tokaev (passport). This module turns
every such form into a *skeleton*: a Latin, lower-case, phonetic key in which
the differences between the romanisation schemes fold away:

- Cyrillic (Russian and Kazakh letters) is romanised, then treated as Latin;
- Latin diacritics of the scholarly schemes are read as their digraphs
  (ž → zh, č → ch), then digraphs fold (kh → h, zh/dzh → j, ts → c, x → ks,
  q → k, y → i, and "ye" after a vowel → "e": Tokayev/Tokaev);
- doubled letters fold (Massimov/Masimov, Dmitrii/Dmitri).

:func:`case_forms` gives the nominatives a Russian, Ukrainian or Kazakh word may
be an inflected form of (Масимову → Масимов, Карима → Карим, Ставровим →
Ставров, Тоқаевтың → Тоқаев),
and :func:`name_key` the sorted skeleton tokens of a whole name, patronymics
left out.

Examples
--------
>>> skeleton("Масимов") == skeleton("Massimov") == skeleton("Masimov")
True
>>> skeleton("Тоқаев") == skeleton("Tokayev") == skeleton("Tokaev")
True
>>> romanise("Касым-Жомарт Токаев", "bgn")
'Kasym-Zhomart Tokayev'
>>> name_key("Назарбаев Нурсултан Абишевич") == name_key("Nursultan Nazarbayev")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "SCHEMES",
    "romanise",
    "skeleton",
    "case_forms",
    "name_tokens",
    "name_key",
    "stem_key",
    "is_cyrillic",
    "is_latin",
]

# Letters most schemes write the same way; each scheme below lists where it differs.
_RUSSIAN = {
    **dict(zip("абвгдезиклмнопрстуфэ", "abvgdeziklmnoprstufe", strict=True)),
    "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y",
    "ъ": "", "ь": "", "ё": "yo", "й": "y", "ю": "yu", "я": "ya",
}  # fmt: skip
_KAZAKH = dict(zip("әғқңөұүһі", "agknouuhi", strict=True))

#: Cyrillic -> Latin tables of the romanisation schemes names are found written in.
#: ``bgn``: BGN/PCGN (Russian 1947, Kazakh 1979); ``iso9``: ISO 9 (scholarly,
#: with diacritics); ``icao``: ICAO Doc 9303, the passport scheme of Russia
#: and Kazakhstan; ``english``: common English press practice.
SCHEMES: dict[str, dict[str, str]] = {
    "bgn": _RUSSIAN | _KAZAKH | {
        "ё": "ë", "ъ": "”", "ь": "’",
        "ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "ū", "ү": "ü", "і": "ī",
    },
    "iso9": _RUSSIAN | _KAZAKH | {
        "ё": "ë", "ж": "ž", "й": "j", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ",
        "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "û", "я": "â",
        "ә": "ä", "ғ": "ġ", "қ": "ķ", "ң": "ṇ", "ө": "ô", "ұ": "ū", "ү": "ù", "һ": "ḩ", "і": "ì",
    },
    "icao": _RUSSIAN | _KAZAKH | {"ё": "e", "й": "i", "ъ": "ie", "ю": "iu", "я": "ia"},
    "english": _RUSSIAN | _KAZAKH | {"ң": "ng"},
}  # fmt: skip

_VOWELS = "аеёиоуыэюяәөұүі"
# BGN/PCGN and English practice write е as "ye" at the start of a word and after a vowel.
_IOTATED_E = {"bgn": ("ye", "yë"), "english": ("ye", "yo")}

# Latin letters with diacritics (ISO 9, BGN/PCGN, Kazakh Latin) read as the digraphs
# the other schemes write; every other mark is simply dropped.
_LATIN_LETTERS = str.maketrans(
    {
        "ž": "zh", "č": "ch", "š": "sh", "ŝ": "shch", "â": "ya", "û": "yu", "ı": "i",
        "ǵ": "g", "ğ": "g", "ş": "sh", "ç": "ch", "ß": "ss",
    }
)  # fmt: skip
# Digraphs and letters that differ between schemes, folded in this order.
_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ng", "n"), ("ph", "f"), ("tz", "c"), ("ts", "c"), ("ck", "k"),
    ("x", "ks"), ("q", "k"), ("w", "v"), ("y", "i"),
)  # fmt: skip
_SCHOLARLY_J = re.compile(r"j(?![aeiouy])")
_DOUBLED = re.compile(r"(.)\1+")
_GLIDE_E = re.compile(r"(?<=[aeiou])ie|^ie")
_NOT_LETTER = re.compile(r"[^a-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
# Apostrophes inside a word belong to it (O'Brien; the soft sign in BGN/PCGN).
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʹʺ”](?=\w)")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,;:!?\"'’‘`«»“”„()\[\]{}]+")

# Patronymics (Russian -ович/-овна, Kazakh -улы/-кызы) are left out of keys:
# "Назарбаев Нурсултан Абишевич" is Nursultan Nazarbayev.
_PATRONYMIC = re.compile(
    r"(ович|евич|ьич|овна|евна|ична|ovich|evich|ovna|evna|ichna|ұлы|улы|қызы|кызы|uly|kyzy)$"
)

# Russian case endings and the nominative endings they may stand for; every
# ending that fits is tried. -ова is ambiguous (feminine nominative or
# masculine genitive), so the word itself always stays a candidate and the
# caller decides.
_CASE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ского", ("ский",)), ("скому", ("ский",)), ("ским", ("ский",)), ("ском", ("ский",)),
    ("ской", ("ская",)), ("скую", ("ская",)),
    ("овым", ("ов",)), ("евым", ("ев",)), ("иным", ("ин",)), ("ыным", ("ын",)),
    ("овой", ("ова",)), ("евой", ("ева",)), ("иной", ("ина",)), ("ыной", ("ына",)),
    ("ову", ("ов", "ова")), ("еву", ("ев", "ева")), ("ину", ("ин", "ина")),
    ("ыну", ("ын", "ына")), ("ове", ("ов",)), ("еве", ("ев",)), ("ине", ("ин",)),
    ("ова", ("ов",)), ("ева", ("ев",)), ("ина", ("ин",)), ("ына", ("ын",)),
    ("ием", ("ий",)), ("ией", ("ия",)), ("ии", ("ия", "ий")), ("ию", ("ия", "ий")),
    ("ем", ("й", "ь")), ("ом", ("",)), ("ой", ("а",)), ("ей", ("я", "ь")),
    ("ею", ("я", "ь")), ("ою", ("а",)),
    ("а", ("",)), ("я", ("й", "ь")), ("у", ("", "а")), ("ю", ("й", "ь", "я")),
    ("е", ("", "а", "й")), ("и", ("а", "я", "ь")), ("ы", ("а",)),
    # Ukrainian: Ставровим, Ставрові, Браскові
    ("овим", ("ов",)), ("евим", ("ев",)), ("ові", ("ов", "")), ("еві", ("ев", "")),
    # Kazakh case suffixes, added to the unchanged name: Тоқаевтың, Ақордада, Назарбаевқа
    ("ның", ("",)), ("нің", ("",)), ("дың", ("",)), ("дің", ("",)), ("тың", ("",)),
    ("тің", ("",)), ("ға", ("",)), ("ге", ("",)), ("қа", ("",)), ("ке", ("",)),
    ("на", ("",)), ("не", ("",)), ("ны", ("",)), ("ні", ("",)), ("ды", ("",)), ("ді", ("",)),
    ("ты", ("",)), ("ті", ("",)), ("да", ("",)), ("де", ("",)), ("та", ("",)), ("те", ("",)),
    ("дан", ("",)), ("ден", ("",)), ("тан", ("",)), ("тен", ("",)), ("нан", ("",)),
    ("нен", ("",)), ("мен", ("",)), ("бен", ("",)), ("пен", ("",)),
)  # fmt: skip
_MIN_STEM = 3

# Endings of Russian nouns and adjectives in every case, longest first, that
# :func:`stem_key` strips from the words of a place name: Марения, Марении,
# Марению, Маренией and Марений all leave "марен"; Нижнего Новгорода "нижн новгород".
_NOMINAL_ENDINGS = (
    "иями", "ями", "ами", "ией", "ием", "ого", "его", "ому", "ему", "ыми", "ими",
    "ия", "ии", "ию", "ие", "ий", "ья", "ьи", "ью", "ье", "ей", "ой", "ом", "ем",
    "ам", "ям", "ах", "ях", "ым", "им", "ых", "их", "ая", "яя", "ую", "юю", "ое", "ее",
    "а", "я", "у", "ю", "е", "ы", "и", "о", "ь", "й",
)  # fmt: skip


def romanise(text: str, scheme: str = "bgn") -> str:
    """Return ``text`` with its Cyrillic letters written in a Latin ``scheme``.

    ``scheme`` is one of :data:`SCHEMES`. Case is kept (a capital becomes a
    capital followed by lower-case letters); other characters pass through.

    Examples
    --------
    >>> romanise("Карим Масимов", "iso9"), romanise("Тоқаев", "icao")
    ('Karim Masimov', 'Tokaev')
    >>> romanise("Сергей Лавров", "english")
    'Sergey Lavrov'
    """
    try:
        table = SCHEMES[scheme]
    except KeyError:
        raise ValueError(
            f"unknown romanisation scheme {scheme!r}; use one of: {', '.join(SCHEMES)}"
        ) from None
    out = []
    previous = ""
    for ch in unicodedata.normalize("NFC", text):
        lower = ch.lower()
        latin = table.get(lower)
        if latin is None:
            out.append(ch)
            previous = lower
            continue
        if lower in "её" and scheme in _IOTATED_E and _after_vowel(previous):
            latin = _IOTATED_E[scheme][lower == "ё"]
        out.append(latin[:1].upper() + latin[1:] if ch != lower else latin)
        previous = lower
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """Return the phonetic key of one word, in any script: Latin a-z only.

    Examples
    --------
    >>> skeleton("Қасым"), skeleton("Kassym"), skeleton("Kasym")
    ('kasim', 'kasim', 'kasim')
    >>> skeleton("Мухтар"), skeleton("Mukhtar"), skeleton("Muhtar")
    ('muhtar', 'muhtar', 'muhtar')
    >>> skeleton("Jomart") == skeleton("Жомарт") == skeleton("Zhomart")
    True
    """
    text = unicodedata.normalize("NFKC", word).casefold().replace("ё", "е")
    if _CYRILLIC.search(text):
        text = romanise(text, "icao")
    text = text.translate(_LATIN_LETTERS)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = _NOT_LETTER.sub("", text)
    text = _SCHOLARLY_J.sub("i", text)  # ISO 9 й: Sergej, Kajrat
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _DOUBLED.sub(r"\1", text)
    return _DOUBLED.sub(r"\1", _GLIDE_E.sub("e", text))


@functools.lru_cache(maxsize=1 << 16)
def case_forms(word: str) -> tuple[str, ...]:
    """Return ``word`` (case-folded) and the nominatives it may be a Russian or Kazakh case form of.

    Only Cyrillic words are inflected; any other word is returned alone.
    The candidates are over-generated on purpose: a resolver keeps those
    that meet a known name.

    Examples
    --------
    >>> case_forms("Масимову")
    ('масимову', 'масимов', 'масимова')
    >>> case_forms("Карима")
    ('карима', 'карим')
    >>> case_forms("Massimova")
    ('massimova',)
    """
    word = unicodedata.normalize("NFC", word).casefold().replace("ё", "е")
    if not _CYRILLIC.search(word):
        return (word,)
    forms = [word]
    for ending, nominatives in _CASE_ENDINGS:
        # One-letter endings need a longer stem: Алия is not a case form of "Алий".
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM + (len(ending) == 1):
            stem = word[: -len(ending)]
            forms.extend(stem + nominative for nominative in nominatives)
    return tuple(dict.fromkeys(forms))


def name_tokens(name: str) -> list[str]:
    """Return the words of a name, split at spaces, hyphens, quotes and punctuation.

    Examples
    --------
    >>> name_tokens("Kassym-Jomart Tokayev"), name_tokens("агентство «Хабар»")
    (['Kassym', 'Jomart', 'Tokayev'], ['агентство', 'Хабар'])
    """
    text = _INNER_APOSTROPHE.sub("", unicodedata.normalize("NFC", name))
    return [t for t in _SEPARATORS.split(text) if t]


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> tuple[str, ...]:
    """Return the sorted skeletons of a name's words, patronymics left out.

    Sorting makes "Назарбаев Нурсултан" and "Nursultan Nazarbayev" one key.

    Examples
    --------
    >>> name_key("Karim Massimov"), name_key("Масимов Карим Кажимканович")
    (('karim', 'masimov'), ('karim', 'masimov'))
    """
    words = name_tokens(name)
    kept = [w for w in words if not _PATRONYMIC.search(w.casefold())] if len(words) > 2 else words
    return tuple(sorted(s for s in map(skeleton, kept) if s))


@functools.lru_cache(maxsize=1 << 16)
def stem_key(name: str) -> tuple[str, ...]:
    """Return the sorted skeletons of a name's words without their Russian case endings.

    Every case form of a Cyrillic place name has the same stem key, whatever
    its nominative (which a name never seen before leaves uncertain: Марении
    may be Марения or Марений). Stems are coarse, so the resolver uses them
    only for places, and only when nothing else decides. Latin words stay whole.

    Examples
    --------
    >>> {stem_key(w) for w in ("Марения", "Марении", "Марению", "Маренией", "Марений")}
    {('maren',)}
    >>> stem_key("Нижнего Новгорода") == stem_key("Нижний Новгород")
    True
    """
    words = name_tokens(name)
    kept = [w for w in words if not _PATRONYMIC.search(w.casefold())] if len(words) > 2 else words
    return tuple(sorted(s for s in (skeleton(_stem(w)) for w in kept) if s))


def _stem(word: str) -> str:
    word = unicodedata.normalize("NFC", word).casefold().replace("ё", "е")
    if not _CYRILLIC.search(word):
        return word
    for ending in _NOMINAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _after_vowel(previous: str) -> bool:
    return not previous.isalpha() or previous in _VOWELS or previous in "ъь"


def is_cyrillic(text: str) -> bool:
    """Return whether ``text`` has any Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def is_latin(text: str) -> bool:
    """Return whether every letter of ``text`` is Latin (and it has one)."""
    return _LATIN.search(text) is not None and not is_cyrillic(text)
