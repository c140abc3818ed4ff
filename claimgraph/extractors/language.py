"""Language identification for documents and posts.

Each document gets a ``lang`` (an ISO 639-1 code, or ``"und"`` when the text
does not say) that decides which pipeline reads it: English, Russian, or the
rule pipeline for every other language, Kazakh included.

The identifier is py3langid's (langid.py's naive Bayes model over byte
n-grams, shipped in the package), restricted to :data:`CANDIDATES`, the
languages a researcher of the region meets; fewer candidates make short
texts far more accurate. It takes about 50 microseconds for a post.

Before identifying, links, handles and hashtags are removed (they are not
the language of the text), but a post that is nothing but hashtags is
identified from the hashtags' words. Cyrillic text with letters
only Kazakh uses (``ә ғ қ ң ұ``) is Kazakh whatever the statistics say: in
short posts the model often takes Kazakh written mostly in common letters
for Russian.

Examples
--------
>>> identify_language("Премьер-министр Казахстана заявил, что долги выросли.")
'ru'
>>> identify_language("Біз 25 жылда көп нәрсеге қол жеткіздік")
'kk'
>>> identify_language("#25летнезависимости")
'ru'
>>> identify_language("@aidoseg https://t.co/x")
'und'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import Any

from claimgraph.extractors.social import EMAIL_RE, HANDLE_RE, HASHTAG_RE

__all__ = ["CANDIDATES", "UNDETERMINED", "identify_language", "document_language", "script_of"]

#: What :func:`identify_language` returns when the text does not tell.
UNDETERMINED = "und"

#: The languages the identifier chooses among, with the script each is written in.
CANDIDATES: dict[str, str] = {
    "en": "Latn",
    "ru": "Cyrl",
    "kk": "Cyrl",
    "uk": "Cyrl",
    "be": "Cyrl",
    "mn": "Cyrl",
    "de": "Latn",
    "fr": "Latn",
    "es": "Latn",
    "it": "Latn",
    "tr": "Latn",
    "pl": "Latn",
}

#: Letters of the Kazakh alphabet that Russian and the other candidates lack.
KAZAKH_LETTERS = frozenset("әғқңұӘҒҚҢҰ")

#: Fewer letters than this cannot be told apart reliably.
MIN_LETTERS = 4
#: Longer texts are identified from their first this many characters.
SAMPLE_CHARS = 2000
#: The best language's confidence must be at least this, else the text is undetermined.
MIN_CONFIDENCE = 0.5

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CAMEL_RE = re.compile(r"(?<=[^\W\d_])(?=[A-ZА-ЯЁ])|\d+|_+")
# Codes platforms use for "no language" (Twitter: und, qme media, qht hashtags, ...).
_NOT_A_LANGUAGE = frozenset({"und", "zxx", "mul", "qam", "qct", "qht", "qme", "qst", "art"})


def identify_language(text: str) -> str:
    """Return the ISO 639-1 code of the language ``text`` is written in, or ``"und"``.

    Parameters
    ----------
    text : str
        An article, a post, or a few words.
    """
    words = _language_words(text)
    counts = Counter(words)
    if _letters(counts) < MIN_LETTERS:
        return UNDETERMINED
    if _script(counts) == "Cyrl" and not KAZAKH_LETTERS.isdisjoint(counts):
        return "kk"
    code, confidence = _identifier().classify(words[:SAMPLE_CHARS])
    return str(code) if confidence >= MIN_CONFIDENCE else UNDETERMINED


def document_language(text: str, declared: str | None = None) -> str:
    """Return a document's language: the one its source declares when the text agrees, else
    the one identified.

    A declared language (an HTML ``lang`` attribute, a tweet's ``lang``, a
    feed's language) is trusted unless it is a platform's code for "none"
    or the text is written in another script (an English page template
    around a Russian article). Russian declared for Kazakh text, a common
    slip of platforms, gives way to Kazakh.

    Examples
    --------
    >>> document_language("Hello there, how are you?", "en-US")
    'en'
    >>> document_language("Долги выросли за десять лет премьерства.", "en")
    'ru'
    """
    code = _primary_subtag(declared)
    if code is None:
        return identify_language(text)
    expected = CANDIDATES.get(code)
    if expected is not None and script_of(_language_words(text)) not in (expected, None):
        return identify_language(text)
    if code == "ru" and not KAZAKH_LETTERS.isdisjoint(text):
        return identify_language(text)
    return code


def script_of(text: str) -> str | None:
    """Return ``"Cyrl"`` or ``"Latn"`` for the script most letters of ``text`` are in.

    Examples
    --------
    >>> script_of("Масимов and Massimov Карим"), script_of("123")
    ('Cyrl', None)
    """
    return _script(Counter(text))


def _script(chars: Counter[str]) -> str | None:
    """Return the script most of the letters counted in ``chars`` are in."""
    counts = {"Cyrl": 0, "Latn": 0}
    # Each distinct character once: a page of text has a few dozen.
    for ch, n in chars.items():
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("CYRILLIC"):
                counts["Cyrl"] += n
            elif name.startswith("LATIN"):
                counts["Latn"] += n
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def _language_words(text: str) -> str:
    """Return the words of ``text`` that carry its language: no links, handles or hashtags,
    unless hashtags are all there is, then their words ("#ЖаңаҚазақстан" -> "Жаңа Қазақстан")."""
    sample = text[: SAMPLE_CHARS * 2]
    # Each pattern only where it can match: most articles have no handle and no hashtag.
    if "://" in sample or "www." in sample.lower():
        sample = _URL_RE.sub(" ", sample)
    if "@" in sample:
        sample = EMAIL_RE.sub(" ", sample)
        sample = HANDLE_RE.sub(" ", sample)
    tags = HASHTAG_RE.findall(sample) if "#" in sample or "＃" in sample else []
    rest = HASHTAG_RE.sub(" ", sample) if tags else sample
    if not tags or _letters(Counter(rest)) >= MIN_LETTERS:
        return " ".join(rest.split())
    return " ".join(_CAMEL_RE.sub(" ", tag.lstrip("#＃")) for tag in tags).strip()


def _letters(chars: Counter[str]) -> int:
    """Return how many letters the characters counted in ``chars`` hold."""
    return sum(n for ch, n in chars.items() if ch.isalpha())


def _primary_subtag(declared: str | None) -> str | None:
    if not declared:
        return None
    code = declared.strip().replace("_", "-").split("-")[0].casefold()
    if len(code) not in (2, 3) or not code.isalpha() or code in _NOT_A_LANGUAGE:
        return None
    return code


@functools.cache
def _identifier() -> Any:
    """Load py3langid's model, restricted to the candidates, once per process."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier
