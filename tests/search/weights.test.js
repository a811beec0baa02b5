// How a guess weighs its pages, against a small index held here in memory (one term shard).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
// SEARCH_ENGINE: another build of the engine, e.g. the minified one a site ships.
const engine = require(process.env.SEARCH_ENGINE || '../../themes/platform/static/search.js');

// `harbour` is the stem of pages 0-3, all of equal weight; its form `harbours` is on pages 0
// and 1 only (listed, `=01`). `harbourmaster` (stem `harbourmast`) is on page 4 alone.
const INDEX = {
  'ww/m0': { n: 5, b: 20, t: [''], p: [''], facets: [], types: [] },
  'ww/t0': {
    f: { harbours: [7, '=01'], harbourmaster: 11 },
    p: { harbour: ['0111', 'aaaa'], harbourmast: ['4', 'a'] },
  },
};
engine.setLoader((url, key) => {
  globalThis.policylabSearch(key[3], key.slice(0, 2), key.slice(4), INDEX[key]);
});

test('a guess weighs the pages of a rare form by how many they are', async () => {
  // `harbourz` shares seven letters with `harbours` (two pages) and with `harbourmaster`
  // (one page): the word on one page is the likelier, as a stem on one page would be.
  const result = await engine.search('ww', 'harbourz');
  assert.deepEqual(result.how, [['near']]);
  assert.deepEqual(result.hits.map((h) => h.doc).slice(0, 3), [4, 0, 1]);
});
