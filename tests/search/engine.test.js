// The search engine (themes/platform/static/search.js) against the index of
// tests/fixtures/search, built by tests/search.rs, which runs this file with node --test.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, titles } = require('./harness.js');

const first = async (lang, q, opts) => (await titles(lang, q, opts))[0];

test('inflected and differently cased words find the page', async () => {
  assert.equal(await first('en', 'voucher'), 'Innovation vouchers for digital maturity');
  assert.equal(await first('en', 'MANAGING'), 'Cluster management excellence');
  assert.equal(await first('en', 'trainings'), 'Cluster management excellence');
});

test('code blocks and pages with search = false are not indexed', async () => {
  assert.deepEqual(await titles('en', 'zebracode'), []);
  assert.ok(!(await titles('en', 'vouchers')).includes('Hidden page about vouchers'));
});

test('all words must match, else partial matches are marked', async () => {
  assert.deepEqual(await titles('en', 'digital robotics'), ['Automotive suppliers network']);
  const partial = await engine.search('en', 'vouchers robotics');
  assert.equal(partial.partial, true);
  assert.equal(partial.total, 2);
});

test('quoted phrases need the words in order', async () => {
  assert.deepEqual(await titles('en', '"firms buy"'), ['Innovation vouchers for digital maturity']);
  assert.deepEqual(await titles('en', '"buy firms"'), []);
  assert.deepEqual((await titles('en', '"small firms"')).sort(), ['Automotive suppliers network', 'Innovation vouchers for digital maturity']);
});

test('minus excludes', async () => {
  const hits = await titles('en', 'digital -vouchers');
  assert.ok(hits.length >= 2);
  assert.ok(!hits.includes('Innovation vouchers for digital maturity'));
});

test('one typo is forgiven in words of five letters or more', async () => {
  assert.equal(await first('en', 'vouchrs'), 'Innovation vouchers for digital maturity');
  assert.equal(await first('en', 'managment'), 'Cluster management excellence');
  assert.deepEqual(await titles('en', 'ocal'), []);
});

test('an unknown word finds the known words sharing its beginning, closest first', async () => {
  assert.equal(await first('en', 'coak'), 'Green energy transition');
  assert.equal(await first('en', 'vouchering'), 'Innovation vouchers for digital maturity');
});

test('the last word is a prefix while typing', async () => {
  assert.equal(await first('en', 'innov', { prefix: true }), 'Innovation vouchers for digital maturity');
  assert.equal(await first('en', 'digital robo', { prefix: true }), 'Automotive suppliers network');
});

test('a page is found by the titles of the pages it refers to, as its facts name them', async () => {
  // The vouchers case study refers to the textile cluster, which has no Romanian page: the
  // Romanian case study names it by its English title, as its facts box does.
  assert.ok((await titles('en', 'fashion')).includes('Innovation vouchers for digital maturity'));
  assert.deepEqual(await titles('ro', 'fashion'), ['Vouchere de inovare în regiunea Vest']);
});

test('facets filter and count', async () => {
  const all = await engine.search('en', 'digital', { facets: true });
  const countries = all.facets.find((f) => f.name === 'countries');
  assert.equal(countries.values.find((v) => v.label === 'Hungary').count, 1);
  const type = all.facets.find((f) => f.name === 'type');
  assert.equal(type.values.find((v) => v.label === 'Cluster profile').count, 2);
  assert.deepEqual(await titles('en', 'digital', { filters: { countries: ['hungary'] } }), ['Automotive suppliers network']);
  assert.deepEqual(await titles('en', 'digital', { filters: { type: ['cluster'], themes: ['skills'] } }), ['Automotive suppliers network']);
});

test('Romanian: cedilla text, comma-below and diacritic-free queries meet', async () => {
  const page = 'Vouchere de inovare în regiunea Vest';
  for (const q of ['stiintific', 'ştiinţific', 'științific', 'agentia', 'agenției', 'finantat', 'intreprinderile']) {
    assert.equal(await first('ro', q), page, q);
  }
  assert.equal(await first('ro', 'competente'), 'Clusterul de mobilă din Transilvania');
});

test('Greek: accents, capitals and final sigma', async () => {
  const page = 'Συστάδα βιοεπιστημών Θερμαϊκού';
  for (const q of ['καινοτομια', 'ΚΑΙΝΟΤΟΜΙΑΣ', 'καινοτομίας', 'πολιτικη', 'επιχειρησεις']) {
    assert.equal(await first('el', q), page, q);
  }
});

test('Serbian Cyrillic pages answer Latin queries, with and without diacritics', async () => {
  const page = 'Кластер информационих технологија Нови Сад';
  for (const q of ['škole', 'skole', 'школе', 'ljubazni', 'djaci', 'đaci', 'segrti', 'šegrti', 'cesce', 'saradjuju', 'dzepovima', 'školama', 'fakultetima']) {
    assert.equal(await first('sr-Cyrl', q), page, q);
  }
});

test('Croatian: đ typed as dj, and unseen inflections', async () => {
  const page = 'Međunarodna suradnja klastera';
  for (const q of ['medjunarodna', 'međunarodnoj', 'suradnjom', 'vjestine', 'djaci']) {
    assert.equal(await first('hr', q), page, q);
  }
});

test('Bulgarian, Macedonian, Slovak, Slovenian and Albanian: unseen inflections', async () => {
  assert.equal(await first('bg', 'стратегиите'), 'Стратегии за дигитализация');
  assert.equal(await first('bg', 'клъстерите'), 'Клъстер за земеделие и храни в Тракийската долина');
  assert.equal(await first('mk', 'стратегија'), 'Кластер за вино во Тиквешијата');
  assert.equal(await first('mk', 'кластери'), 'Кластер за вино во Тиквешијата');
  assert.equal(await first('sk', 'strategie'), 'Drevársky klaster stredného Slovenska');
  assert.equal(await first('sk', 'inovacia'), 'Drevársky klaster stredného Slovenska');
  assert.equal(await first('sl', 'strategije'), 'Lesni grozd Slovenije');
  assert.equal(await first('sl', 'podjetij'), 'Lesni grozd Slovenije');
  assert.equal(await first('sq', 'strategjise'), 'Grupimi i turizmit në Shqipëri');
  assert.equal(await first('sq', 'ndermarrjeve'), 'Grupimi i turizmit në Shqipëri');
});

test('folding matches the Rust side', () => {
  assert.equal(engine.fold('Međunarodna', 'hr'), 'medjunarodna');
  assert.equal(engine.fold('Љубав', 'sr-Cyrl'), 'ljubav');
  assert.equal(engine.fold('ŞTIINŢĂ', 'ro'), 'stiinta');
  assert.equal(engine.fold('ΠΟΛΙΤΙΚΕΣ', 'el'), 'πολιτικεσ');
  assert.equal(engine.fold('край', 'bg'), 'край');
  assert.notEqual(engine.fold('край', 'bg'), engine.fold('краи', 'bg'));
  assert.equal(engine.fold('Straße', 'de'), 'strasse');
});

test('results carry a title, a link, a type and text', async () => {
  const r = await engine.search('en', 'vouchers');
  const d = await engine.doc('en', r.hits[0].doc);
  assert.equal(d.url, '/case-studies/vouchers/');
  assert.equal(d.type, 'Case study');
  assert.match(d.text, /^Small firms buy digital services/);
});
