// Retrieval evaluation: runs the queries of tests/fixtures/search-eval/<lang>.queries.tsv
// against the index in SEARCH_INDEX (built from <lang>.docs.tsv by tests/search_eval.rs)
// and prints, per language and kind of query, the share whose page is in the top 3; unseen
// inflections also apart by whether the build gives them the stem of a word of their page
// (<lang>.same-stem.txt beside the index).
// Usage: SEARCH_INDEX=dir [SEARCH_EVAL_DIR=another set] node tests/search/eval.js [--misses] lang...
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { engine } = require('./harness.js');

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const langs = args.filter((a) => !a.startsWith('--'));
const dir = process.env.SEARCH_EVAL_DIR || path.join(__dirname, '..', 'fixtures', 'search-eval');

(async () => {
  const summary = {};
  for (const lang of langs) {
    const rows = fs.readFileSync(path.join(dir, `${lang}.queries.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const sameStemFile = path.join(process.env.SEARCH_INDEX, `${lang}.same-stem.txt`);
    const sameStem = new Set(fs.existsSync(sameStemFile) ? fs.readFileSync(sameStemFile, 'utf8').split('\n') : []);
    const tally = {};
    const count = (key, ok) => {
      tally[key] = tally[key] || { n: 0, ok: 0 };
      tally[key].n++;
      if (ok) tally[key].ok++;
    };
    for (const [kind, split, query, expected] of rows) {
      const result = await engine.search(lang, query);
      const rank = result.hits.slice(0, 3).findIndex((h) => h.doc === Number(expected));
      count(`${kind}/${split}`, rank >= 0);
      if (kind.startsWith('unseen') && sameStem.size) {
        count(`${kind} (${sameStem.has(query) ? 'same stem' : 'stem changes'})/${split}`, rank >= 0);
      }
      if (rank < 0 && showMisses) console.log(`miss ${lang} ${kind} ${split} ${query} -> ${JSON.stringify(result.how)} top ${result.hits.slice(0, 3).map((h) => h.doc)} want ${expected}`);
    }
    summary[lang] = tally;
  }
  console.log(JSON.stringify(summary));
})().catch((e) => { console.error(e); process.exit(1); });
