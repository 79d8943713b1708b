"""The stages, in order (`stage_list()`). Each is a pure function `(Document, Context) -> Document`.

`Context` holds what a stage may read but not change: the configuration, the glossary,
the loaded rule tables and models, and the lines seen on many pages. Readers (path ->
pages) run before the stages; the record contract (`pipeline/record.py`) and the keep
policy (`pipeline/policy.py`) after them. A stage never imports another stage: what
they share lives in the model (`pipeline/model.py`) or in the helpers beside it. What a
stage counted travels in `Document.report`; the runner adds the counts up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.glossary import Glossary
from pipeline.langid import LatinIdentifier
from pipeline.model import Document
from pipeline.repeated import RepeatedLines
from pipeline.rules import BoilerplateRules
from pipeline.spam import SpamModel

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon
    from pipeline.matching import TermMatchers
    from pipeline.simplified import SimplifiedConverter


@dataclass(frozen=True)
class Context:
    config: Config
    glossary: Glossary
    boilerplate: BoilerplateRules
    latin_identifier: LatinIdentifier
    t2s: SimplifiedConverter
    matchers: TermMatchers
    spam: SpamModel
    lexicon: Lexicon  # English-Chinese word translations, for sentence pairs
    protected_words: frozenset[str] = frozenset()  # glossary forms, lower-cased: never split as glued words
    repeated_lines: RepeatedLines = RepeatedLines()  # the lines seen on many pages, as far as they concern the page


Stage = Callable[[Document, Context], Document]


def build_context(config: Config, glossary: Glossary) -> Context:
    """Load the rule tables, models and matchers the stages read (once per run or worker)."""
    from pipeline.glue import protected_forms
    from pipeline.lexicon import build_lexicon
    from pipeline.matching import TermMatchers
    from pipeline.rules import load_boilerplate
    from pipeline.simplified import SimplifiedConverter
    from pipeline.spam import load_spam

    return Context(config=config, glossary=glossary, boilerplate=load_boilerplate(),
                   latin_identifier=LatinIdentifier(seed=0), t2s=SimplifiedConverter(),
                   matchers=TermMatchers.from_glossary(glossary), spam=load_spam(), lexicon=build_lexicon(glossary),
                   protected_words=protected_forms(glossary.english_forms()))


def stage_list() -> list[tuple[str, Stage]]:
    """(name, stage) in the order they run."""
    from pipeline.stages import boilerplate, language, mt, normalize, pairs, terms

    return [
        ("boilerplate", boilerplate.run),
        ("language", language.run),
        ("normalize", normalize.run),
        ("terms", terms.run),
        ("mt", mt.run),
        ("pairs", pairs.run),
    ]
