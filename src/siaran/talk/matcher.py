"""The fast term matcher: which lexicon *features* a line of text contains.

A line is lower-cased and cut into tokens (runs of letters and digits, plus ``?`` and ``%``).
Each distinct token is resolved once (and cached) to its canonical form, the first of these
found in the lexicon's vocabulary or among its *spellings*: the token itself; with letters
stretched for emphasis cut back (``mauuu`` -> ``mau``); without a reduplication ``2``
(``putus2`` -> ``putus``); without an enclitic (``harganya`` -> ``harga``); or, for tokens of
six letters or more, the one word one typing slip away (``cekuot`` -> ``cekout``: a deletion,
insertion, substitution or swap of neighbours), when exactly one is (or all that are share a
meaning). Tokens on the lexicon's ``not_typos`` list (real words that merely look like a
variant or a typo of a lexicon word, such as Javanese ``wae``) are left as they are.

*Spellings* map other ways of writing a word to one canonical word: chat abbreviations
(``blm`` -> ``belum``, ``udh`` -> ``udah``) and regional words of the same meaning (Javanese
``tuku``, Sundanese ``meser`` -> ``beli``). They apply to lines and to the lexicon's own terms
alike, so a term written once (``belum sampai``) also matches ``blm nyampe`` and ``durung
teka``.

Terms are phrases of one or more tokens (matched on canonical forms through a hash index of
first tokens, so a line costs one dict look-up per token), phrases with gaps (``belum ~
sampai``: up to two other tokens may stand at each ``~``), prefixes (``cekout*``) and
single-token regular expressions (``re:^\\d+(rb|k)$``); a few whole-line expressions
(``line:...``) catch what tokens cannot (a question tag at the end of a comment). A whole-line
expression that starts with a digit (``\\d`` or ``\\b\\d``) is tried only on lines with a digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

TOKEN: Final = re.compile(r"[^\W_]+|[?%]")
_STRETCH: Final = re.compile(r"(.)\1{2,}")
_DOUBLE: Final = re.compile(r"(.)\1+")
ENCLITICS: Final[tuple[str, ...]] = ("nya", "ny", "kah", "lah", "an", "in", "ne", "e")
FUZZY_MIN_LENGTH: Final = 6
GAP: Final = "~"  # in a phrase: up to MAX_GAP other tokens may stand here
MAX_GAP: Final = 2
_CACHE_LIMIT: Final = 200_000
# A whole-line expression that starts with a digit is only tried on lines that have one.
_STARTS_WITH_DIGIT: Final = (r"\d", r"\b\d")
_DIGIT: Final = re.compile(r"\d")


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Term:
    """One entry of a feature list as written in a lexicon file."""

    feature: str
    tokens: tuple[str, ...] = ()
    prefix: str | None = None
    pattern: re.Pattern[str] | None = None
    whole_line: bool = False
    written: str = ""


def parse_term(feature: str, written: str) -> Term:
    raw = written.strip()
    if raw.startswith("re:"):
        return Term(feature, pattern=re.compile(raw[3:]), written=raw)
    if raw.startswith("line:"):
        return Term(feature, pattern=re.compile(raw[5:]), whole_line=True, written=raw)
    if raw.endswith("*") and " " not in raw:
        return Term(feature, prefix=raw[:-1].lower(), written=raw)
    if GAP in raw:
        pieces = [tokenize(piece) for piece in raw.split(GAP)]
        if any(not piece for piece in pieces):
            raise re.error(f"a gap needs words on both sides: {raw!r}")
        tokens = [token for piece in pieces for token in (*piece, GAP)][:-1]
        return Term(feature, tokens=tuple(tokens), written=raw)
    return Term(feature, tokens=tuple(tokenize(raw)), written=raw)


@dataclass
class _Resolved:
    canon: str
    features: tuple[tuple[str, str], ...]  # (feature, surface token) from one-token terms


@dataclass
class Matcher:
    """Finds features in lines; build it with :meth:`build` from parsed terms."""

    single: dict[str, list[str]] = field(default_factory=dict)
    # Phrases by their first and second token; phrases with gaps by their first token.
    phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = field(default_factory=dict)
    gapped: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    prefixes: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    line_patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    digit_patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    vocabulary: frozenset[str] = frozenset()
    deletes: dict[str, set[str]] = field(default_factory=dict)
    not_typos: frozenset[str] = frozenset()
    spellings: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, _Resolved] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        terms: Iterable[Term],
        not_typos: Iterable[str] = (),
        spellings: Mapping[str, str] | None = None,
    ) -> Matcher:
        """``spellings`` maps a written form to its canonical word (see the module text)."""
        spelled = {k.lower(): v.lower() for k, v in (spellings or {}).items()}
        matcher = cls(not_typos=frozenset(w.lower() for w in not_typos), spellings=spelled)
        vocabulary: set[str] = set()
        for written in terms:
            term = written
            if written.tokens:
                canon = tuple(spelled.get(t, t) for t in written.tokens)
                term = Term(written.feature, tokens=canon, written=written.written)
            if term.pattern is not None and term.whole_line:
                digits = term.pattern.pattern.startswith(_STARTS_WITH_DIGIT)
                table = matcher.digit_patterns if digits else matcher.line_patterns
                table.append((term.pattern, term.feature))
            elif term.pattern is not None:
                matcher.patterns.append((term.pattern, term.feature))
            elif term.prefix is not None:
                by_length = matcher.prefixes.setdefault(len(term.prefix), {})
                by_length.setdefault(term.prefix, []).append(term.feature)
            elif len(term.tokens) == 1:
                _add(matcher.single, term.tokens[0], term.feature)
                vocabulary.add(term.tokens[0])
            elif term.tokens and GAP in term.tokens:
                first, rest = term.tokens[0], term.tokens[1:]
                matcher.gapped.setdefault(first, []).append((rest, term.feature))
                vocabulary.update(term.tokens)
            elif term.tokens:
                first, second, rest = term.tokens[0], term.tokens[1], term.tokens[2:]
                by_second = matcher.phrases.setdefault(first, {})
                by_second.setdefault(second, []).append((rest, term.feature))
                vocabulary.update(term.tokens)
        vocabulary.discard(GAP)
        matcher.vocabulary = frozenset(vocabulary)
        for word in vocabulary | spelled.keys():
            if len(word) >= FUZZY_MIN_LENGTH and word.isalpha():
                for variant in _deletions(word):
                    matcher.deletes.setdefault(variant, set()).add(word)
        return matcher

    # -- tokens ----------------------------------------------------------------------------
    def resolve(self, token: str) -> _Resolved:
        found = self._cache.get(token)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[token] = self._resolve(token)
        return found

    def _resolve(self, token: str) -> _Resolved:
        canon = self._canonical(token)
        hits: list[tuple[str, str]] = [(f, token) for f in self.single.get(canon, ())]
        for length, table in self.prefixes.items():
            for candidate in {token, canon}:
                if len(candidate) >= length:
                    hits.extend((f, token) for f in table.get(candidate[:length], ()))
        for pattern, feature in self.patterns:
            if pattern.search(token):
                hits.append((feature, token))
        return _Resolved(canon, tuple(dict.fromkeys(hits)))

    def _canonical(self, token: str) -> str:
        vocabulary, spellings = self.vocabulary, self.spellings
        if token in spellings:
            return spellings[token]
        if token in vocabulary or token in self.not_typos or not token.isalnum():
            return token
        for candidate in _variants(token):
            if candidate in spellings:
                return spellings[candidate]
            if candidate in vocabulary:
                return candidate
        typo = self._typo(token)
        return token if typo is None else spellings.get(typo, typo)

    def _typo(self, token: str) -> str | None:
        if len(token) < FUZZY_MIN_LENGTH or not token.isalpha() or token in self.not_typos:
            return None
        found: set[str] = set()
        if token in self.deletes:  # the token lacks a letter
            found |= self.deletes[token]
        for variant in _deletions(token):
            if variant in self.vocabulary or variant in self.spellings:  # one letter too many
                found.add(variant)
            # One letter is wrong, or two neighbours are swapped: both lose the same letter.
            found |= self.deletes.get(variant, set())
        found = {w for w in found if w[0] == token[0] and w != token and _one_slip(token, w)}
        if len(found) <= 1:
            return found.pop() if found else None
        # Several near words are fine when they share a meaning (``cekot`` and ``cekout``):
        # take the one that means the most.
        meanings = {
            word: set(self.single.get(self.spellings.get(word, word), ())) for word in found
        }
        if set.intersection(*meanings.values()):
            return max(sorted(found), key=lambda word: len(meanings[word]))
        return None

    # -- lines -----------------------------------------------------------------------------
    def features(self, text: str) -> dict[str, str]:
        """Every feature in ``text``, each with the words that matched it first."""
        lower = text.lower()
        tokens = TOKEN.findall(lower)
        resolve = self.resolve
        resolved = [resolve(t) for t in tokens]
        canon = [r.canon for r in resolved]
        out: dict[str, str] = {}
        line_patterns = self.line_patterns
        if self.digit_patterns and _DIGIT.search(lower):
            line_patterns = line_patterns + self.digit_patterns
        for pattern, feature in line_patterns:
            match = pattern.search(lower)
            if match is not None:
                out.setdefault(feature, match.group(0).strip())
        phrases, gapped = self.phrases, self.gapped
        last = len(canon) - 1
        for index, item in enumerate(resolved):
            for feature, surface in item.features:
                out.setdefault(feature, surface)
            by_second = phrases.get(item.canon)
            if by_second and index < last:
                for rest, feature in by_second.get(canon[index + 1], ()):
                    end = index + 2 + len(rest)
                    if feature not in out and (not rest or tuple(canon[index + 2 : end]) == rest):
                        out[feature] = " ".join(tokens[index:end])
            with_gaps = gapped.get(item.canon)
            if with_gaps:
                for rest, feature in with_gaps:
                    found = None if feature in out else _gapped_end(canon, index + 1, rest)
                    if found is not None:
                        out[feature] = " ".join(tokens[index:found])
        return out


def _add(table: dict[str, list[str]], key: str, feature: str) -> None:
    features = table.setdefault(key, [])
    if feature not in features:
        features.append(feature)


def _gapped_end(canon: list[str], start: int, rest: tuple[str, ...]) -> int | None:
    """Where a phrase with gaps that matched up to ``start`` ends, or ``None``."""
    if not rest:
        return start
    if rest[0] == GAP:
        for skip in range(MAX_GAP + 1):
            end = _gapped_end(canon, start + skip, rest[1:])
            if end is not None:
                return end
        return None
    if start < len(canon) and canon[start] == rest[0]:
        return _gapped_end(canon, start + 1, rest[1:])
    return None


def _one_slip(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one deletion, insertion, substitution or swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return a[start : start + 2][::-1] == b[start : start + 2] and a[start + 2 :] == b[start + 2 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _variants(token: str) -> list[str]:
    """Spellings to try, most faithful first (see the module docstring)."""
    out: list[str] = []
    base = token[:-1] if len(token) > 2 and token.endswith("2") and token[:-1].isalpha() else token
    stretched = _STRETCH.sub(r"\1", base)
    doubled = _DOUBLE.sub(r"\1", base)
    for form in dict.fromkeys((base, stretched, doubled)):
        out.append(form)
        for ending in ENCLITICS:
            if form.endswith(ending) and len(form) - len(ending) >= 2:
                out.append(form[: -len(ending)])
    return out


def evidence_words(found: Mapping[str, str], features: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found[f] for f in features if f in found))
