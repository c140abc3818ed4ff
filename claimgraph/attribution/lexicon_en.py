"""English attribution lexicon: the word lists the ``claim_attribution`` rules read.

The lists are data: the component's config can add words to any of them or
remove words (see :mod:`claimgraph.attribution.lexicon`), and the registered
function ``claimgraph.attribution_lexicon_en.v1`` builds the lexicon it uses.
Lemmas are spaCy's (``en_core_web_sm``): "hop" is how the tagger lemmatises
"hoping" and "hoped".

The lists were written by hand (``WRITTEN``); ``ENGLISH`` adds to them the
``LEARNED_*`` verbs and leaves out the ``PRUNED`` words, both learned from
PolNeAR's train split by ``training/learn_cues.py``, which prints them again
from the shared data.
"""

from __future__ import annotations

import dataclasses

from spacy.util import registry

from claimgraph.attribution.lexicon import Lexicon, words

__all__ = [
    "ENGLISH",
    "LEARNED_OBJECT_VERBS",
    "LEARNED_REPORTING",
    "LEARNED_REPORTING_OBJECTS",
    "PRUNED",
    "WRITTEN",
    "EnglishLexicon",
    "english_lexicon",
]

# Learned from PolNeAR's train split by training/learn_cues.py (at least 3 matching
# claims and a share of at least 0.6, which scored better than 0.5 on the dev split):
# cue verbs the hand-written lists do not have, by the construction in which the
# rules' claims for them matched gold attributions; and the listed words whose
# claims rarely did.
#: Verbs whose object is what is attributed ("credited the volunteers with ...").
LEARNED_OBJECT_VERBS = words(
    """
    authorize credit deem list name single witness
    """
)
#: Verbs that report a clause or an infinitive ("repeated that ...").
LEARNED_REPORTING = words(
    """
    calculate enjoy remind repeat touch
    """
)
#: Reporting verbs that also report a noun object ("stressed the importance of X").
LEARNED_REPORTING_OBJECTS = words(
    """
    charge emphasize explain lament remember stress thank tweet
    """
)
#: Listed cues whose claims matched gold attributions less than 30% of the time
#: (at least 10 claims): left out of every list.
PRUNED = words(
    """
    celebrate embrace press proposal ready request statement
    """
)


@dataclasses.dataclass(frozen=True)
class EnglishLexicon(Lexicon):
    """The English word lists; every field is a frozenset of lower-case lemmas or words.

    Attributes
    ----------
    reporting : frozenset of str
        Verbs that report speech or writing, or a belief or stance ("say", "fear").
    intention : frozenset of str
        Verbs of intention whose infinitive is what is attributed ("want to build").
    object_verbs : frozenset of str
        Verbs whose direct object is what is attributed ("called for reforms").
    nominal_cues : frozenset of str
        Nouns that name a report, with the clause they report ("Trump's claim that").
    intention_nouns : frozenset of str
        Nominal cues whose infinitive is what is attributed ("her plan to raise taxes").
    stance_adjectives, stance_nouns : frozenset of str
        Words that state their subject's stance ("afraid that", "a critic of").
    stance_preps : frozenset of str
        Prepositions after a stance word that introduce its content ("critical of").
    object_preps : frozenset of str
        Prepositions that introduce what an object cue is about ("called for").
    argument_preps : frozenset of str
        Prepositions carrying an argument of an object cue ("blasted X as Y").
    topic_preps : frozenset of str
        Prepositions introducing what a reporting verb is about ("commented on X").
    time_preps : frozenset of str
        Prepositions of time that end what an object cue reports ("during ...").
    document_cues : frozenset of str
        Cues whose subject "it" is a document or body rather than an expletive.
    as_cues : frozenset of str
        Object cues that report only with "as" ("critics see the bill as ...").
    response_cues : frozenset of str
        Cues whose preposition is part of what they report ("responded with attacks").
    aspect_cues : frozenset of str
        Reporting verbs that take an infinitive as aspect ("continued to plot").
    prepositional_cues : frozenset of str
        Object cues that report only through a preposition ("spoke about X").
    reporting_objects : frozenset of str
        Reporting verbs that also report a noun object ("stressed the importance of X").
    light_verbs : frozenset of str
        Verbs that make a report of a noun ("raising questions about").
    aside_openers : frozenset of str
        Words that open the writer's own clause after a report ("..., although").
    expletives : frozenset of str
        Subjects that name no speaker ("it", "there").
    quantifiers : frozenset of str
        Quantifiers that head a speaker phrase ("many of them", "some say").
    pronouns : frozenset of str
        Personal pronouns kept alone as a written speaker.
    editorial_labels : frozenset of str
        Labels that open a line like a speaker's name but introduce no speech.
    """

    reporting: frozenset[str]
    intention: frozenset[str]
    object_verbs: frozenset[str]
    nominal_cues: frozenset[str]
    intention_nouns: frozenset[str]
    stance_adjectives: frozenset[str]
    stance_nouns: frozenset[str]
    stance_preps: frozenset[str]
    object_preps: frozenset[str]
    argument_preps: frozenset[str]
    topic_preps: frozenset[str]
    time_preps: frozenset[str]
    document_cues: frozenset[str]
    as_cues: frozenset[str]
    response_cues: frozenset[str]
    aspect_cues: frozenset[str]
    prepositional_cues: frozenset[str]
    reporting_objects: frozenset[str]
    light_verbs: frozenset[str]
    aside_openers: frozenset[str]
    expletives: frozenset[str]
    quantifiers: frozenset[str]
    pronouns: frozenset[str]
    editorial_labels: frozenset[str]
    #: Lemmas of the verbs that attribute what follows them to their subject.
    cue_lemmas: frozenset[str] = dataclasses.field(init=False)
    #: Cues only in a construction: "see X as Y", "as Rosenthal put it".
    conditional_cues: frozenset[str] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cue_lemmas", self.reporting | self.intention | self.object_verbs)
        object.__setattr__(self, "conditional_cues", self.as_cues | {"put"})


#: The lists as written by hand, before what was learned from PolNeAR train.
WRITTEN = EnglishLexicon(
    reporting=words(
        """
        acknowledge add address admit affirm allege anticipate argue assert assume
        assure attest believe boast brag caution certify chant charge claim clarify
        comment complain concede conclude confess confirm consider contend continue
        counter cry declare deny detail determine discover document doubt elaborate
        emphasise emphasize estimate examine exclaim explain fear feel figure find
        forecast gather grumble guarantee hint holler imagine imply indicate inquire
        insinuate insist invoke joke judge know lament learn maintain mention murmur
        muse mutter note notice object observe perceive plead post preach predict
        proclaim protest publish put quip read reaffirm realize recall reckon
        recognize recount refer regard reiterate remark remember reply report
        respond retort retweet reveal rule say scream sense shout signal sing
        speculate state stress suggest suppose suspect swear talk tell testify thank
        think tweet understand warn weigh whisper wish wonder write yell
        """
    ),
    intention=words(
        """
        advise agree aim ask beg beseech command counsel decide decline demand
        direct encourage exhort expect hop hope implore instruct intend nag offer
        order plan pledge promise propose refuse seek tell threaten urge vote vow
        want
        """
    ),
    object_verbs=words(
        """
        accuse acknowledge admire advocate announce applaud appreciate assail attack
        bash belittle bemoan berate blame blast brand call cast castigate celebrate
        censure champion characterize chastise cheer chide cite claim commend
        compare compliment condemn confirm congratulate criticise criticize decry
        defend demand denigrate denounce deny depict deplore deride describe despise
        disclose discuss dislike dismiss disparage dispute dub echo embrace
        encourage endorse equate excoriate express fault favor favour frame hail
        hate highlight issue lambast laud liken love malign mention mock mourn note
        offer oppose outline paint point portray praise predict press promise
        promote propose question rail rebuke rebut recommend reference refute regret
        reiterate reject report reprimand request resent reveal ridicule scold see
        show slam smear speak support taunt tout urge view vilify want welcome worry
        """
    ),
    nominal_cues=words(
        """
        accusation admission allegation announcement argument assertion assurance
        belief call charge claim comment complaint concern contention criticism
        decision demand denial doubt fear goal hope insistence intention plan pledge
        prediction promise proposal refusal statement suggestion threat view vow
        warning
        """
    ),
    intention_nouns=words(
        """
        call decision demand goal hope intention plan pledge promise proposal
        refusal threat vow
        """
    ),
    stance_adjectives=words(
        """
        adamant afraid angry anxious certain concerned confident convinced critical
        determined disappointed doubtful eager fearful furious hopeful insistent
        optimistic passionate pessimistic proud ready reluctant skeptical supportive
        sure unwilling upset willing worried
        """
    ),
    stance_nouns=words(
        """
        advocate champion critic defender fan opponent proponent supporter
        """
    ),
    stance_preps=words(
        """
        about of on over with
        """
    ),
    object_preps=words(
        """
        about against for of on to
        """
    ),
    argument_preps=words(
        """
        about against as for of on over to with
        """
    ),
    topic_preps=words(
        """
        about of on
        """
    ),
    time_preps=words(
        """
        after ahead amid before during following since
        """
    ),
    document_cues=words(
        """
        add allege argue claim conclude contend estimate find note report say show
        state suggest warn write
        """
    ),
    as_cues=words(
        """
        cast frame paint see
        """
    ),
    response_cues=words(
        """
        reply respond
        """
    ),
    aspect_cues=words(
        """
        begin continue learn start
        """
    ),
    prepositional_cues=words(
        """
        speak talk
        """
    ),
    reporting_objects=frozenset(),  # only learned: LEARNED_REPORTING_OBJECTS
    light_verbs=words(
        """
        express issue level make offer raise voice
        """
    ),
    aside_openers=words(
        """
        although though whereas
        """
    ),
    expletives=words(
        """
        it that there this what
        """
    ),
    quantifiers=words(
        """
        all both few many most one others several some
        """
    ),
    pronouns=words(
        """
        he her him i she them they we
        """
    ),
    editorial_labels=words(
        """
        a also analysis breaking clarification correction credit disclosure editor
        exclusive follow http https image latest live note opinion photo q read
        related see share source sources tags update updated video watch www
        """
    ),
)


ENGLISH = WRITTEN.with_changes(
    add={
        "object_verbs": LEARNED_OBJECT_VERBS,
        "reporting": LEARNED_REPORTING,
        "reporting_objects": LEARNED_REPORTING_OBJECTS,
    },
    remove={f.name: PRUNED for f in dataclasses.fields(WRITTEN) if f.init},
)


@registry.misc("claimgraph.attribution_lexicon_en.v1")
def english_lexicon(
    add: dict[str, list[str]] | None = None, remove: dict[str, list[str]] | None = None
) -> EnglishLexicon:
    """Return the English lexicon with ``add``'s words added and ``remove``'s removed.

    Examples
    --------
    >>> "opine" in english_lexicon(add={"reporting": ["opine"]}).cue_lemmas
    True
    """
    return ENGLISH.with_changes(add, remove)
