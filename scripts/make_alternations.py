#!/usr/bin/env python3
"""Writes the stem alternation tables of policylab's search: src/search/alternations/<lang>.txt.

A word the site lacks is often another form of a word it has whose stem changes
(`verbergt` and `verbarg`, `metara` and `metru`, `παιδιού` and `παιδιών`), so that the
longest known beginning of the word leads elsewhere. For every pair of forms a, b of one
lemma sharing a beginning P of 3+ letters, the table records that the ending x of a (after
P, with P's last letter) may stand where b has y. The browser tries the y of a word's endings
and takes a form of the site so made (see `alternations.rs`). Where a is all of P (πίστη and
πίστης, χρήμα and χρημάτων), x is its last letter: a word the table extends so is a likelier
form of the word typed than another that begins with it (πιστότατος, χρηματιστήριο).

Lemmas and forms come from the lexicons of simplemma 2.0.0 (PyPI, MIT licence; its data
is derived from Michal Měchura's lemmatization lists (ODbL 1.0), Wiktionary via the Kaikki
project (CC BY-SA), FreeLing, spaCy lookups data, UniMorph (CC BY-SA) and the Wikinflection
corpus (CC BY 4.0)). A rule is kept when at least MIN_SUPPORT lemmas show it
(ALTERNATIONS_MIN_SUPPORT, 1 unless set: the rules of a single lemma find forms of others
too), the commonest, as many as a table of BUDGET bytes holds (ALTERNATIONS_BUDGET,
3,000,000 unless set, which holds every rule but Greek's and Hungarian's; the index cuts a
table into shards of about 12 KB, and a word downloads the shard of its endings, whatever
the budget). A table writes the endings of one x in order, each as the letters it shares
with the one before and the rest, which takes half the bytes of writing them out.
ALTERNATIONS_COUNTS=folder keeps the counts there, to try other budgets without counting
again.

A table holds the rules of every lemma, as a site's words are any of them. The evaluation
measures words the tables never saw: the rules seen only in the lemmas of its sets
(tests/fixtures/search-eval, and the sets in the folders listed in ALTERNATIONS_HOLD_OUT,
separated by ':') are also listed in OUT/held-out/<table>.txt, and tests/search_eval.rs
leaves them out of the index it measures. The tables here were made with the other sets of
scripts/make_search_eval.py held out too (held-s6 and held-s7 are Albanian only):

    pip install simplemma==2.0.0 wordfreq==3.1.1 albanianlanguage==0.1.8
    for seed in s1 s2 s3 held-s4 held-s5 fresh-s8 fresh-s9; do
      SEARCH_EVAL_SEED=$seed SEARCH_EVAL_OUT=/tmp/eval-$seed python3 scripts/make_search_eval.py
    done
    for seed in held-s6 held-s7; do
      SEARCH_EVAL_LANGS=sq SEARCH_EVAL_SEED=$seed SEARCH_EVAL_OUT=/tmp/eval-$seed python3 scripts/make_search_eval.py
    done
    held=/tmp/eval-s1:/tmp/eval-s2:/tmp/eval-s3:/tmp/eval-held-s4:/tmp/eval-held-s5
    held=$held:/tmp/eval-held-s6:/tmp/eval-held-s7:/tmp/eval-fresh-s8:/tmp/eval-fresh-s9
    ALTERNATIONS_HOLD_OUT=$held python3 scripts/make_alternations.py [table...]
"""

import collections
import os
import random
import sys

from make_search_eval import LANGUAGES, plain, to_latin

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "search", "alternations")
EVAL = os.path.join(HERE, "..", "tests", "fixtures", "search-eval")
MIN_SUPPORT = int(os.environ.get("ALTERNATIONS_MIN_SUPPORT", 1))
BUDGET = int(os.environ.get("ALTERNATIONS_BUDGET", 3_000_000))
# The longest ending (after the shared beginning) a rule may have (ALTERNATIONS_MAX_ENDING).
MAX_ENDING = int(os.environ.get("ALTERNATIONS_MAX_ENDING", 8))
# Forms per lemma looked at (pairs grow with their square); a sample of more.
MAX_FORMS = 80
# Site languages sharing a table: Serbian and Croatian meet in one folded Latin form.
TABLES = {"hbs": ["sr-Cyrl", "hr"]}


def fold(word, lang):
    """The word as the search folds it (search.js `fold`)."""
    word = word.lower().replace("ς", "σ")
    if lang in ("sr-Cyrl", "hr"):
        word = to_latin(word)
    return plain(word)


def held_out(langs):
    """The folded words of the evaluation sets: their lemmas are not learned from."""
    dirs = [EVAL] + [d for d in os.environ.get("ALTERNATIONS_HOLD_OUT", "").split(":") if d]
    words = set()
    for d in dirs:
        for lang in langs:
            path = os.path.join(d, f"{lang}.queries.tsv")
            if not os.path.exists(path):
                continue
            for line in open(path, encoding="utf-8"):
                kind, _, query, _ = line.rstrip("\n").split("\t")
                if kind in ("plain", "unseen-plain", "latin-plain"):
                    words.add(fold(query, lang))
    return words


def rule_counts(dict_code, langs, factory):
    """(x, y) to the number of lemmas with forms P+x and P+y: of all lemmas, and of those
    the evaluation does not hold out."""
    lang = langs[0]
    forms = collections.defaultdict(set)
    for form, lemma in factory.get_dictionary(dict_code).items():
        if len(form) >= 4 and form.isalpha():
            forms[lemma.lower()].add(fold(form, lang))
    held = held_out(langs)
    counts, unheld = collections.Counter(), collections.Counter()
    for lemma, fs in forms.items():
        if len(fs) < 2:
            continue
        evaluated = bool(fs & held)
        fs = sorted(fs)
        if len(fs) > MAX_FORMS:
            fs = sorted(random.Random(lemma).sample(fs, MAX_FORMS))
        seen = set()
        for a in fs:
            for b in fs:
                n = 0
                while n < min(len(a), len(b)) and a[n] == b[n]:
                    n += 1
                if a == b or n < 3 or len(a) - n > MAX_ENDING or len(b) - n > MAX_ENDING:
                    continue
                seen.add((a[n - 1:], b[n - 1:]))
        counts.update(seen)
        if not evaluated:
            unheld.update(seen)
    return counts, unheld


def cached_counts(name, dict_code, langs, factory):
    """The counts of a table (see `rule_counts`), kept in the folder ALTERNATIONS_COUNTS if
    set (to try budgets without counting again)."""
    cache = os.environ.get("ALTERNATIONS_COUNTS")
    # Two counts a rule, of rules that extend a word too (see `rule_counts`): the file name
    # says so, apart from older caches.
    path = cache and os.path.join(cache, f"{name}.{MAX_ENDING}.both-with-extensions.tsv")
    if path and os.path.exists(path):
        counts, unheld = collections.Counter(), collections.Counter()
        for line in open(path, encoding="utf-8"):
            x, y, n, m = line.rstrip("\n").split("\t")
            counts[(x, y)], unheld[(x, y)] = int(n), int(m)
        return counts, unheld
    counts, unheld = rule_counts(dict_code, langs, factory)
    if path:
        os.makedirs(cache, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(f"{x}\t{y}\t{n}\t{unheld[(x, y)]}\n" for (x, y), n in counts.items() if n >= MIN_SUPPORT)
    return counts, unheld


def written(ys):
    """The endings y of one x as a table line writes them: sorted, each after the first as the
    number of letters it shares with the one before (one digit: 9 at most) and the rest of it.
    The endings of the same words have much in common (`κληθηκαμε 7ν 8ε`: κληθηκαμε,
    κληθηκαν, κληθηκανε)."""
    ys = sorted(ys)
    out = [ys[0]]
    for before, y in zip(ys, ys[1:]):
        n = 0
        while n < min(len(before), len(y), 9) and before[n] == y[n]:
            n += 1
        out.append(f"{n}{y[n:]}")
    return " ".join(out)


def lines(rules):
    """Lines `x y1 y2 ...` (see `written`) of rules (x, y)."""
    ys = collections.defaultdict(list)
    for x, y in rules:
        ys[x].append(y)
    return "".join(f"{x} {written(ys[x])}\n" for x in sorted(ys))


def chosen(counts):
    """The commonest rules, as many as a table of the budget holds."""
    commonest = sorted(counts.items(), key=lambda rule: (-rule[1], rule[0]))
    rules = [rule for rule, n in commonest if n >= MIN_SUPPORT]

    def text(count):
        return lines(rules[:count])

    # The most rules that fit: a table grows with its rules (a rule may shorten the next
    # line's rest, never by more than it adds).
    low, high = 0, len(rules)
    while low < high:
        middle = (low + high + 1) // 2
        if len(text(middle).encode()) <= BUDGET:
            low = middle
        else:
            high = middle - 1
    return rules[:low]


HEADER = """# Stem alternations of {name}: on each line an ending x (with the letter before it) and the
# endings y that other forms of the same words have in its place, in order, each after the
# first written as the number of letters it shares with the one before and the rest of it.
# Made by scripts/make_alternations.py from the lexicons of simplemma 2.0.0 (MIT licence;
# data from Michal Měchura's lemmatization lists (ODbL 1.0), Wiktionary via Kaikki
# (CC BY-SA), FreeLing, spaCy lookups data, UniMorph (CC BY-SA), Wikinflection (CC BY 4.0)).
# Rules seen in {support}.
"""

HELD_HEADER = """# The rules of alternations/{name}.txt seen only in the lemmas of the retrieval evaluation,
# written as there: tests/search_eval.rs leaves them out of the index it measures, so that
# its figures are for words the table never saw. Made by scripts/make_alternations.py.
"""


def main():
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory()
    wanted = sys.argv[1:]
    tables = {}
    for lang, (dict_code, _, _) in LANGUAGES.items():
        name = dict_code if dict_code in TABLES else lang
        tables.setdefault(name, (dict_code, TABLES.get(name, [lang])))
    os.makedirs(os.path.join(OUT, "held-out"), exist_ok=True)
    for name, (dict_code, langs) in tables.items():
        if wanted and name not in wanted:
            continue
        counts, unheld = cached_counts(name, dict_code, langs, factory)
        rules = chosen(counts)
        text, held = lines(rules), lines(rule for rule in rules if not unheld[rule])
        with open(os.path.join(OUT, f"{name}.txt"), "w", encoding="utf-8") as f:
            support = "any lemma" if MIN_SUPPORT == 1 else f"at least {MIN_SUPPORT} lemmas"
            f.write(HEADER.format(name=name, support=support) + text)
        with open(os.path.join(OUT, "held-out", f"{name}.txt"), "w", encoding="utf-8") as f:
            f.write(HELD_HEADER.format(name=name) + held)
        print(name, text.count("\n"), "endings,", len(text.encode()), "bytes;", len(held.encode()),
              "bytes of rules seen only in the evaluation's lemmas", flush=True)


if __name__ == "__main__":
    main()
