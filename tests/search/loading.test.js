// What a query downloads, against a small index held here in memory: three term shards,
// whose first keys are '', 'inr' and 'intr'.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
// SEARCH_ENGINE: another build of the engine, e.g. the minified one a site ships.
const engine = require(process.env.SEARCH_ENGINE || '../../themes/platform/static/search.js');

const INDEX = {
  'xx/m0': { n: 2, b: 20, t: ['', 'inr', 'intr'], p: [''], facets: [], types: [] },
  'xx/t0': { f: {}, p: { apple: ['1', 'a'] } },
  'xx/t1': { f: {}, p: { inrush: ['1', 'a'] } },
  'xx/t2': { f: {}, p: { intre: ['0', 'a'] } },
};
const loaded = [];
engine.setLoader((url, key) => {
  loaded.push(key);
  const [folder, file] = key.split('/');
  globalThis.policylabSearch(file[0], folder, file.slice(1), INDEX[key]);
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

// A language with alternation shards cut at `tgre` (endings read backwards), as the index
// writes them: the second holds `ergt` and, copied, `gt`, which begins its name. Here the
// table's folder (`a`) is named as the language.
Object.assign(INDEX, {
  'yy/m0': { a: 'yy', n: 2, b: 20, t: [''], p: [''], facets: [], types: [], r: ['', 'tgre'] },
  'yy/t0': { f: {}, p: { verbarg: ['1', 'a'], verbessern: ['0', 'a'] } },
  'yy/r0': { gt: 'gen' },
  'yy/r1': { gt: 'gen', ergt: 'arg' },
});

test('a word the index lacks downloads the alternation shard of its longest ending alone', async () => {
  loaded.length = 0;
  // `verbergt` backwards is `tgrebrev`: its longest ending to swap, `rbergt` (`tgrebr`),
  // sorts after the cut.
  const result = await engine.search('yy', 'verbergt');
  assert.deepEqual(result.hits.map((h) => h.doc), [1, 0]);
  assert.deepEqual(loaded.sort(), ['yy/m0', 'yy/r1', 'yy/t0']);
  loaded.length = 0;
  await engine.search('yy', 'verbarg');
  assert.deepEqual(loaded, []);
});

test('a word of three letters downloads no alternations: it has no ending to swap', async () => {
  Object.assign(INDEX, {
    'zz/m0': { a: 'zz', n: 1, b: 20, t: [''], p: [''], facets: [], types: [], r: [''] },
    'zz/t0': { f: {}, p: { gate: ['0', 'a'] } },
    'zz/r0': { ts: 'te' },
  });
  loaded.length = 0;
  await engine.search('zz', 'gat');
  assert.deepEqual(loaded.sort(), ['zz/m0', 'zz/t0']);
  // A word of four letters has one: `gats` swaps `ts` (with the `t` before `s`) for `te`.
  loaded.length = 0;
  const result = await engine.search('zz', 'gats');
  assert.deepEqual(loaded, ['zz/r0']);
  assert.deepEqual(result.hits.map((h) => h.doc), [0]);
});

test('an alternation lists each ending after the first as the letters it shares with the one before', async () => {
  // `ast 3en` is ast, asten: `gewerst` swaps `erst` for `asten` and finds `gewasten` before
  // `gewerkschaft`, which shares more of its beginning.
  Object.assign(INDEX, {
    'vv/m0': { a: 'vv', n: 2, b: 20, t: [''], p: [''], facets: [], types: [], r: [''] },
    'vv/t0': { f: {}, p: { gewasten: ['0', 'a'], gewerkschaft: ['1', 'a'] } },
    'vv/r0': { erst: 'ast 3en' },
  });
  const result = await engine.search('vv', 'gewerst');
  assert.deepEqual(result.hits.map((h) => h.doc), [0, 1]);
});

test('of three alternation shards, a word downloads the one of its longest ending', async () => {
  // `gewerst` backwards is `tsreweg`; its longest ending to swap, `werst` (`tsrew`), sorts
  // in the last shard, which holds `st` and `erst` as the index writes it.
  Object.assign(INDEX, {
    'ww/m0': { a: 'ww', n: 1, b: 20, t: [''], p: [''], facets: [], types: [], r: ['', 'tsra', 'tsre'] },
    'ww/t0': { f: {}, p: { gewast: ['0', 'a'] } },
    'ww/r0': { st: 'sten' },
    'ww/r1': { st: 'sten', arst: 'erst' },
    'ww/r2': { st: 'sten', erst: 'ast' },
  });
  loaded.length = 0;
  const result = await engine.search('ww', 'gewerst');
  assert.deepEqual(loaded.sort(), ['ww/m0', 'ww/r2', 'ww/t0']);
  assert.deepEqual(result.hits.map((h) => h.doc), [0]);
});

test('languages that share a table download its shards from its one folder', async () => {
  // As Serbian and Croatian share `alternations-hbs`: `metara` swaps `tara` for `tru` in
  // one language, `sestara` swaps `tara` for `tri` in the other, from the one shard.
  Object.assign(INDEX, {
    'uu/m0': { a: 'alternations-hbs', n: 1, b: 20, t: [''], p: [''], facets: [], types: [], r: [''] },
    'uu/t0': { f: {}, p: { metru: ['0', 'a'] } },
    'tt/m0': { a: 'alternations-hbs', n: 1, b: 20, t: [''], p: [''], facets: [], types: [], r: [''] },
    'tt/t0': { f: {}, p: { sestri: ['0', 'a'] } },
    'alternations-hbs/r0': { tara: 'tri 2u' },
  });
  loaded.length = 0;
  assert.deepEqual((await engine.search('uu', 'metara')).hits.map((h) => h.doc), [0]);
  assert.deepEqual(loaded.sort(), ['alternations-hbs/r0', 'uu/m0', 'uu/t0']);
  loaded.length = 0;
  assert.deepEqual((await engine.search('tt', 'sestara')).hits.map((h) => h.doc), [0]);
  assert.deepEqual(loaded.sort(), ['tt/m0', 'tt/t0']);
});
