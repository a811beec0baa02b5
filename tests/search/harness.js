// Loads search.js in Node with an index folder (SEARCH_INDEX) read from disk, as the
// browser would load its scripts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

// SEARCH_ENGINE: another build of the engine, e.g. the minified one a site ships.
const engine = require(process.env.SEARCH_ENGINE || '../../themes/platform/static/search.js');
const indexDir = process.env.SEARCH_INDEX;
if (!indexDir) throw new Error('set SEARCH_INDEX to a built search-index folder');
engine.setBase(indexDir + path.sep);
engine.setLoader((file) => vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file }));

/** The titles of the hits of a query, best first. */
async function titles(lang, query, opts) {
  const result = await engine.search(lang, query, opts);
  const docs = await Promise.all(result.hits.map((h) => engine.doc(lang, h.doc)));
  return docs.map((d) => d.title);
}

module.exports = { engine, titles, indexDir };
