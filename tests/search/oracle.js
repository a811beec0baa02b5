// Prints the engine's top 10 (document, weight) for each query of the JSON file in
// ORACLE_QUERIES ([[lang, query], …]), for tests/search_oracle.rs to compare with tantivy.
'use strict';
const fs = require('node:fs');
const { engine } = require('./harness.js');

(async () => {
  const queries = JSON.parse(fs.readFileSync(process.env.ORACLE_QUERIES, 'utf8'));
  const out = [];
  for (const [lang, query] of queries) {
    const result = await engine.search(lang, query);
    out.push(result.partial ? [] : result.hits.slice(0, 10).map((h) => [h.doc, h.score]));
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
