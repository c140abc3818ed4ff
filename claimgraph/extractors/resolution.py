"""Cross-document entity resolution: one Actor node per actor, whatever the script.

The ``claimgraph_actors`` component resolves names within one document. The
:class:`Resolver` works between the pipeline and the graph, on extraction
dicts, and maps every document's actors onto canonical actors known from the
gazetteer, from the store (read once at the start of an ingest) and from the
documents already processed. It needs nothing from spaCy and no language
pipeline in particular: any pipeline's extraction dicts will do, and one that
knows the nominative of a name (natasha, pymorphy) passes it as the actor's
optional ``lemma``.

How two names are found to be the same actor, in this order:

1. **The same id** (the same name slug): the same node, as always.
2. **The same form**: a name written exactly as (the key of) one actor's
   alias is that actor. The aliases in the store record how earlier runs
   resolved each form, so reading the same articles again resolves every
   form the same way, however many actors have become known since (issue 19.7).
3. **The same key**: the sorted :func:`~claimgraph.extractors.names.skeleton`
   of the words, so scripts, romanisation schemes, doubled letters and word
   order do not matter (Карим Масимов, Karim Massimov, Masimov Karim). A
   Russian word also tries the nominatives it may be a case form of
   (Масимову, Масимовым → Масимов; Карима → Карим), and the lemma first.
4. **A bare surname** (one word) meets the surname of a known full name.
5. **The same stem**, for places only: every case form of a Russian place
   name has one :func:`~claimgraph.extractors.names.stem_key` (Марении,
   Марению, Маренией → Марения), whatever nominative it was guessed to have.
6. **Fuzzy**: the same number of words, each equal or, when at least
   five letters long, starting and ending with the same letters and with a
   normalised Levenshtein similarity of at least :data:`FUZZY_THRESHOLD`.

A name matches only when exactly one actor answers; several answers (a bare
"Massimov" when Karim and Nurlan Massimov are both known, or "Назарбаева",
which is Dariga Nazarbayeva or the genitive of Nazarbayev) leave it apart,
unless exactly one of them is a gazetteer entry: the gazetteer is the
tie-breaker. Different first names never merge (Karim and Nurlan Massimov),
and neither do different endings (Nazarbayev, Nazarbayeva), people with
places, or organisations and outlets with either.

A place never speaks: a claim whose speaker resolves to a place keeps the
speaker as written but is said by no actor.

The canonical name of an actor is the gazetteer's name; otherwise the name it
was first written with, preferring among the documents resolved together
(one write batch of an ingest) a Latin-script name, then one of two or more
words, then one not all in capitals. The same input in the same order always
gives the same ids. Every form seen goes into ``aliases``.

Examples
--------
>>> r = Resolver()
>>> [a["name"] for a in r.resolve([_doc("Karim Massimov")])[0]["actors"]]
['Karim Massimov']
>>> [a["id"] for a in r.resolve([_doc("Карим Масимов"), _doc("Масимову")])[1]["actors"]]
['karim-massimov']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from claimgraph.extractors.actors import Actor
from claimgraph.extractors.extraction import Extraction
from claimgraph.extractors.gazetteer import Gazetteer
from claimgraph.extractors.names import (
    case_forms,
    is_latin,
    name_key,
    name_tokens,
    skeleton,
    stem_key,
)
from claimgraph.model import actor_id

__all__ = ["FUZZY_THRESHOLD", "KnownActor", "Resolver"]

#: Least normalised Levenshtein similarity of two words' skeletons for a fuzzy match.
FUZZY_THRESHOLD = 0.85
#: Shortest skeleton a word needs to match other than exactly.
FUZZY_MIN_LENGTH = 5
# More inflected readings than this of one name are not tried.
_MAX_READINGS = 16

# Kinds a place name may be found as: the NER calls many places organisations.
_PLACE_LIKE = frozenset({"place", "organization"})
# Kinds that may be the same actor. "organization" is what the NER calls most names
# it is unsure of (outlets, cities, people written in another script), so it meets all.
_COMPATIBLE = {
    "person": frozenset({"person", "organization"}),
    "place": frozenset({"place", "organization"}),
    "organization": frozenset({"person", "place", "organization", "outlet", "group"}),
    "outlet": frozenset({"organization", "outlet", "group"}),
    "group": frozenset({"organization", "outlet", "group"}),
}


@dataclass(slots=True)
class KnownActor(Actor):
    """A canonical actor across documents, with every form it was written in."""

    new: bool = False  # first seen in the documents being resolved
    names_seen: list[str] = field(default_factory=list)


class Resolver:
    """Map the actors of extraction dicts to canonical actors; see the module docstring.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Known actors whose names and aliases, in any script, decide canonical names.
    actors : iterable of dict, optional
        Actors already in the store, as :meth:`GraphStore.actors` gives them.
    threshold : float
        Least similarity of a fuzzy match (see :data:`FUZZY_THRESHOLD`).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        actors: Iterable[Mapping[str, Any]] = (),
        threshold: float = FUZZY_THRESHOLD,
    ) -> None:
        self.threshold = threshold
        self._actors: list[KnownActor] = []
        self._keys: list[list[tuple[str, ...]]] = []  # every form's key, by actor
        self._by_id: dict[str, int] = {}
        self._by_key: dict[tuple[str, ...], set[int]] = {}
        self._by_surname: dict[str, set[int]] = {}
        self._by_stem: dict[tuple[str, ...], set[int]] = {}
        self._blocks: dict[tuple[int, tuple[str, ...]], set[int]] = {}
        self._new: list[int] = []  # actors first seen in the current call
        for row in actors:
            self._add(
                KnownActor(
                    str(row["id"]), row.get("name") or str(row["id"]), row.get("kind") or "person"
                ),
                [row.get("name") or "", *(row.get("aliases") or [])],
            )
        for entry in gazetteer.entries if gazetteer is not None else ():
            known = KnownActor(entry.id, entry.name, entry.kind, from_gazetteer=True)
            index = self._by_id.get(entry.id)
            if index is not None:  # the gazetteer overrides the store's name and kind
                self._actors[index].name, self._actors[index].kind = entry.name, entry.kind
                self._actors[index].from_gazetteer = True
                known = self._actors[index]
            self._add(known, entry.all_names())

    def __len__(self) -> int:
        return len(self._actors)

    def known(self) -> Iterator[KnownActor]:
        """Yield every canonical actor known so far."""
        return iter(self._actors)

    def resolve(self, extractions: Sequence[Extraction]) -> list[Extraction]:
        """Return ``extractions`` with every actor id replaced by its canonical actor's.

        The extractions are resolved together: actors first seen in one of
        them get their canonical names once all are read. Actors, mentions,
        ``OPERATES`` operators and claims' speakers, targets and addressees
        are all rewritten; two actors of one document that turn out to be the
        same are merged.
        """
        mapped = [
            {actor["id"]: self._resolve_actor(actor) for actor in extraction["actors"]}
            for extraction in extractions
        ]
        self._name_new_actors()
        return [
            _rewrite(extraction, {old: self._actors[i] for old, i in ids.items()})
            for extraction, ids in zip(extractions, mapped, strict=True)
        ]

    def match(self, name: str, kind: str = "person", lemma: str | None = None) -> KnownActor | None:
        """Return the one known actor ``name`` is a form of, or None if none or several are.

        Examples
        --------
        >>> r = Resolver(actors=[{"id": "karim-massimov", "name": "Karim Massimov",
        ...                       "kind": "person", "aliases": []}])
        >>> r.match("Масимовым").name, r.match("Nurlan Massimov")
        ('Karim Massimov', None)
        """
        index = self._match(name, kind, lemma)
        return None if index is None else self._actors[index]

    # -- matching ------------------------------------------------------------

    def _resolve_actor(self, actor: Mapping[str, Any]) -> int:
        """Return the index of ``actor``'s canonical actor, adding a new one if needed."""
        forms = [actor["name"], *(a for a in actor.get("aliases", ()) if a != actor["name"])]
        index = self._by_id.get(actor["id"])
        if index is None:
            index = self._match(actor["name"], actor["kind"], actor.get("lemma"))
        if index is None:  # a fuller alias may say more than the name ("Масимов" -> full)
            for alias in forms[1:]:
                if len(name_tokens(alias)) > len(name_tokens(actor["name"])):
                    index = self._match(alias, actor["kind"], None)
                    if index is not None:
                        break
        if index is None:
            known = KnownActor(actor["id"], actor["name"], actor["kind"], new=True)
            index = self._add(known, forms)
            self._new.append(index)
            return index
        known = self._actors[index]
        if known.new:
            known.names_seen.append(actor["name"])
        if _more_specific(known, actor["kind"]):
            known.kind = actor["kind"]
            for alias in known.aliases:  # now a person: index the surnames too
                self._index_surname(index, alias)
        self._add(known, forms)
        return index

    def _match(self, name: str, kind: str, lemma: str | None) -> int | None:
        readings = _readings(name, lemma)
        if not readings:
            return None
        for key in readings:  # a gazetteer alias, in any spelling, outranks everything
            listed = {i for i in self._by_key.get(key, ()) if self._actors[i].from_gazetteer}
            if len(listed) == 1:
                return listed.pop()
        written = self._compatible(self._by_key.get(name_key(name), set()), kind)
        if len(written) == 1:  # the form as written, as an earlier resolution recorded it
            return written.pop()
        if lemma:  # a pipeline's normal form outranks guessed case forms
            found = self._compatible(self._by_key.get(readings[0], set()), kind)
            if len(found) == 1:
                return found.pop()
        found = set()
        for key in readings:
            found |= self._by_key.get(key, set())
            if len(key) == 1:
                found |= self._by_surname.get(key[0], set())
        found = self._compatible(found, kind)
        if not found and kind in _PLACE_LIKE:
            found = {i for i in self._by_stem.get(stem_key(name), ()) if self._is_place(i)}
        if not found:
            found = self._compatible(self._fuzzy(readings), kind)
        return self._one(found)

    def _is_place(self, index: int) -> bool:
        return self._actors[index].kind == "place"

    def _compatible(self, found: set[int], kind: str) -> set[int]:
        kinds = _COMPATIBLE.get(kind, frozenset({kind}))
        return {i for i in found if self._actors[i].from_gazetteer or self._actors[i].kind in kinds}

    def _one(self, found: set[int]) -> int | None:
        if len(found) == 1:
            return found.pop()
        listed = [i for i in found if self._actors[i].from_gazetteer]
        return listed[0] if len(listed) == 1 else None

    def _fuzzy(self, readings: list[tuple[str, ...]]) -> set[int]:
        found: set[int] = set()
        for key in readings:
            for index in self._blocks.get(_block(key), ()):
                if any(self._similar(key, other) for other in self._keys_of(index, len(key))):
                    found.add(index)
        return found

    def _similar(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return all(
            x == y
            or (
                min(len(x), len(y)) >= FUZZY_MIN_LENGTH
                and x[0] == y[0]
                and x[-1] == y[-1]
                and Levenshtein.normalized_similarity(x, y) >= self.threshold
            )
            for x, y in zip(a, b, strict=True)
        )

    def _keys_of(self, index: int, length: int) -> Iterator[tuple[str, ...]]:
        return (key for key in self._keys[index] if len(key) == length)

    # -- the index -----------------------------------------------------------

    def _add(self, known: KnownActor, forms: Iterable[str]) -> int:
        index = self._by_id.get(known.id)
        if index is None:
            index = len(self._actors)
            self._actors.append(known)
            self._keys.append([])
            self._by_id[known.id] = index
            if known.new:
                known.names_seen.append(known.name)
            forms = [known.name, *forms]
        for form in forms:
            if not form or form in self._actors[index].aliases:
                continue
            self._actors[index].add_alias(form)
            key = name_key(form)
            if not key or key in self._keys[index]:
                continue
            self._keys[index].append(key)
            self._by_key.setdefault(key, set()).add(index)
            self._blocks.setdefault(_block(key), set()).add(index)
            if stem := stem_key(form):
                self._by_stem.setdefault(stem, set()).add(index)
            self._index_surname(index, form)
        return index

    def _index_surname(self, index: int, form: str) -> None:
        words = name_tokens(form)
        if len(words) > 1 and self._actors[index].kind == "person":
            self._by_surname.setdefault(skeleton(words[-1]), set()).add(index)

    def _name_new_actors(self) -> None:
        """Give the actors first seen in this call their canonical names and ids."""
        for index in self._new:
            known = self._actors[index]
            known.new = False
            best = min(known.names_seen, key=_preference)
            new_id = actor_id(best)
            if best != known.name and new_id not in self._by_id:
                del self._by_id[known.id]
                known.id, known.name = new_id, best
                self._by_id[new_id] = index
            known.names_seen = []
        self._new = []


def _preference(name: str) -> tuple[bool, bool, bool]:
    """Return how a name ranks as a canonical name, best lowest.

    Latin script first, then two or more words, then not all capitals (a
    dateline's "WASHINGTON" gives way to "Washington").

    Examples
    --------
    >>> sorted(["Масимов", "MASSIMOV", "Massimov", "Karim Massimov"], key=_preference)
    ['Karim Massimov', 'Massimov', 'MASSIMOV', 'Масимов']
    """
    return not is_latin(name), len(name.split()) < 2, name.isupper()


def _more_specific(known: KnownActor, kind: str) -> bool:
    """Return whether ``kind`` should replace the NER's catch-all "organization".

    An outlet always does; another kind only while the actor is not yet
    written, so that its node never carries two kinds' labels.
    """
    if known.from_gazetteer or known.kind != "organization" or kind == "organization":
        return False
    return kind == "outlet" or known.new


def _readings(name: str, lemma: str | None) -> list[tuple[str, ...]]:
    """Return the keys ``name`` may stand for: the lemma's first, then the name's case forms."""
    readings: dict[tuple[str, ...], None] = {}
    if lemma:
        readings[name_key(lemma)] = None
    words = name_tokens(name)
    if len(words) > 4:
        words = words[:4]
    forms = itertools.islice(itertools.product(*(case_forms(w) for w in words)), _MAX_READINGS)
    for combination in forms:
        key = name_key(" ".join(combination))
        if key and all(len(part) >= 2 for part in key):
            readings[key] = None
    return [key for key in readings if key]


def _block(key: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Return the blocking key of fuzzy matching: the word count and each word's ends.

    Fuzzy matches need the same first and last letters in every word, so
    the block loses none of them.
    """
    return len(key), tuple(part[0] + part[-1] for part in key)


def _rewrite(extraction: Extraction, canonical: Mapping[str, KnownActor]) -> Extraction:
    """Return ``extraction`` with actor ids replaced by their canonical actors' ids."""
    ids = {old: known.id for old, known in canonical.items()}
    places = {known.id for known in canonical.values() if known.kind == "place"}
    actors: dict[str, dict[str, Any]] = {}
    for actor in extraction["actors"]:
        known = canonical[actor["id"]]
        merged = actors.get(known.id)
        forms = [actor["name"], *actor.get("aliases", ())]
        if merged is None:
            actors[known.id] = {
                **actor,
                "id": known.id,
                "name": known.name,
                "kind": known.kind,
                "aliases": sorted({known.name, *forms}),
            }
        else:
            merged["aliases"] = sorted({*merged["aliases"], *forms})
            merged["mentions"] += actor.get("mentions", 0)
            merged["accounts"] = list(dict.fromkeys([*merged["accounts"], *actor["accounts"]]))
            merged["sameas"] = merged.get("sameas") or actor.get("sameas")
    accounts = [
        {**account, "operator": ids.get(account["operator"], account["operator"])}
        for account in extraction["accounts"]
    ]
    claims = [_rewrite_claim(claim, ids, places) for claim in extraction["claims"]]
    return {**extraction, "actors": list(actors.values()), "accounts": accounts, "claims": claims}


def _rewrite_claim(
    claim: dict[str, Any], ids: Mapping[str, str], places: set[str]
) -> dict[str, Any]:
    """Return ``claim`` with canonical ids; a speaker that is a place says nothing (19.8)."""

    def target(pair: list[str]) -> list[str]:
        label, node = pair
        return [label, ids.get(node, node)] if label == "Actor" else [label, node]

    speaker = target(claim["speaker"]) if claim["speaker"] else None
    if speaker is not None and speaker[0] == "Actor" and speaker[1] in places:
        speaker = None
    about: list[list[str]] = []
    for pair in map(target, claim["about"]):
        if pair != speaker and pair not in about:
            about.append(pair)
    told_to = list(dict.fromkeys(ids.get(a, a) for a in claim["told_to"]))
    return {**claim, "speaker": speaker, "about": about, "told_to": told_to}


def _doc(name: str, kind: str = "person") -> Extraction:
    """Return a one-actor extraction, for the examples."""
    actor: dict[str, Any] = {"id": actor_id(name), "name": name, "kind": kind}
    actor |= {"aliases": [name], "accounts": [], "sameas": None, "mentions": 1}
    return {"actors": [actor], "accounts": [], "hashtags": {}, "urls": [], "claims": []}
