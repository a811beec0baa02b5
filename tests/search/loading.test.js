// What a query downloads, against a small index held here in memory: three term shards,
// whose first keys are '', 'inr' and 'intr'.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const engine = require('../../themes/platform/static/search.js');

const INDEX = {
  'xx/m0': { n: 2, b: 20, t: ['', 'inr', 'intr'], p: [''], facets: [], types: [] },
  'xx/t0': { f: {}, p: { apple: ['1', 'a'] } },
  'xx/t1': { f: {}, p: { inrush: ['1', 'a'] } },
  'xx/t2': { f: {}, p: { intre: ['0', 'a'] } },
};
const loaded = [];
engine.setLoader((url, key) => {
  loaded.push(key);
  globalThis.policylabSearch(key[3], 'xx', key.slice(4), INDEX[key]);
});

test('a word the index has downloads its own term shard alone', async () => {
  loaded.length = 0;
  const result = await engine.search('xx', 'intre');
  assert.deepEqual(result.hits.map((h) => h.doc), [0]);
  assert.deepEqual(loaded, ['xx/m0', 'xx/t2']);
});

test('a word the index lacks then downloads the shards of its beginnings', async () => {
  loaded.length = 0;
  // `int`, the first three letters of `intrare`, sort in the shard of `inr`; the word's own
  // shard came with the test above.
  const result = await engine.search('xx', 'intrare');
  assert.deepEqual(result.hits.map((h) => h.doc), [0]);
  assert.deepEqual(result.how, [['near']]);
  assert.deepEqual(loaded.sort(), ['xx/t1']);
});
