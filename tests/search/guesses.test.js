// Guesses for words the site does not contain, against the small index that
// tests/search_eval.rs builds from inline pages (`guesses_for_words_the_site_lacks`).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, titles } = require('./harness.js');

test('of equally close words, a word the site lacks is taken for a form of the rarer', async () => {
  // `analysed` shares `analys` with `analysis` (three titles) and with `analysts` (one body).
  assert.equal((await titles('en', 'analysed'))[0], 'Who checks the figures');
  // A word the site has is not a guess: its pages rank by weight as ever.
  assert.equal((await titles('en', 'analysis'))[0], 'Analysis of regional budgets');
});

test('of equally close words as rare, the one nearer the length of the word typed comes first', async () => {
  // `planets` shares `planet` with `planetarium` and with `planet`, each on one page.
  assert.equal((await titles('en', 'planets'))[0], 'Outer space');
});

test('letters shared after a two-letter infix count, less the infix', async () => {
  // `eingereicht` shares `einge` with `eingeladenen`, and `ein…reicht` with `einreicht`.
  assert.equal((await titles('de', 'eingereicht'))[0], 'Fristen');
});

test('letters that agree to the end after one letter changed count, however few', async () => {
  // `towars` shares `tow` with `towing`, a title, and `tow…rs` with `towers`, in a body.
  assert.equal((await titles('en', 'towars'))[0], 'Castles');
});

test('letters that agree after two letters swapped count, less one', async () => {
  // `fetsivals` shares `fet` with `feta`, a title, and `fe…ival` with `festival`, in a body.
  assert.equal((await titles('en', 'fetsivals'))[0], 'Summer');
});

test('a stem that differs by a fleeting vowel, then an ending, counts all its letters less one', async () => {
  // `féregben` shares `fer` with `Ferrari`, a title, and `fer…g` with `ferg`, the stem of
  // `férgek`, whose `e` Hungarian drops; `ben` ends the site's `kertben` and `hegyben`.
  assert.equal((await titles('hu', 'féregben'))[0], 'Kert');
});

test('five times the weight makes up for a letter less', async () => {
  // `chango` shares `chang` with `changed`, common to six pages, and `chan` with the rare
  // `chanterelles`, the title of a page.
  assert.equal((await titles('en', 'chango'))[0], 'Chanterelles');
});

test('a page ranks by the closeness and weight of one of its words, not of two', async () => {
  // `posits` is the stem `posit` and an ending: as close to the five pages of that stem, of
  // which `Rules` alone has the rare form `posit`, the others `position`. `Posh hotels` also
  // has `posh`, far from `posits` but weighty in its title: that weight does not count with
  // the closeness of `position`.
  assert.equal((await titles('en', 'posits'))[0], 'Rules');
});

test('a word of one page is a likelier guess than a closer word of several', async () => {
  // `generaled` is the stem `general` and an ending, as close as all its letters; the stem's
  // five pages are four with `general` and one with `generally`, a form of one page, which
  // shares only `general`. A word the site lacks is likelier a form of the word of one page.
  const found = await titles('en', 'generaled');
  assert.equal(found[0], 'Weather');
  assert.deepEqual(found.slice(1, 5).sort(), ['Assembly', 'Elections', 'Secretary', 'Strike'], found.join(', '));
});

test('a rare form that begins with the whole word typed is as close as the word\'s stem', async () => {
  // `grand` is no word of the site but the stem of `grande` (four pages) and of `grands`, a
  // rare form on one page that holds all of `grand`: its page comes first.
  assert.equal((await titles('en', 'grand'))[0], 'Pianos');
});

test('a known stem and an ending the site\'s words have count a letter more', async () => {
  // `walks` shares `walk` with `walked` (stem `walk`) and with `walkway`, a title; `s` ends
  // many of the site's words after their stems (`members`, `reports`).
  assert.equal((await titles('en', 'walks'))[0], 'Trails');
});

test('a word that is only the stem of the site\'s words is also a guess', async () => {
  // `liegend` is no word of the site but the stem of `liegende`: its page comes first, and
  // the page of `liegt`, a word close to it, comes too.
  const found = await titles('de', 'liegend');
  assert.equal(found[0], 'Skulptur');
  assert.ok(found.includes('Ruhetag'), found.join(', '));
});

test('a word whose stem changes finds the form of the site its alternations make', async () => {
  // `sprichst` shares `spri` with `Spritze` and only `spr` with `sprach`; the German table
  // swaps the ending `richst` for `rach` (`brichst`, `brach`).
  assert.equal((await titles('de', 'sprichst'))[0], 'Treffen');
});

test('of the words its alternations make, a word of the site comes before a stem', async () => {
  // `sprichst` makes `sprach`, a word of one page, and `sprech`, only the stem of
  // `sprechende` on another page as short, listed first.
  const found = await titles('de', 'sprichst');
  assert.deepEqual(found.slice(0, 2), ['Treffen', 'Kurs']);
});

test('letters that agree again after one letter more, less or changed count, less one', async () => {
  // `colourful` shares `colo` with `colonial`, twice on a page and in its title, and
  // `colo…rful` with `colorful`, once in a body.
  assert.equal((await titles('en', 'colourful'))[0], 'Paint');
});

test('the pages with the very word typed come first, then the other pages of its stem', async () => {
  // `trained` is on one page; its stem `train` is on four, in the title of one.
  const found = await titles('en', 'trained');
  assert.equal(found[0], 'Notes');
  assert.ok(found.includes('Training plans'), found.join(', '));
});

test('a word of the site an alternation makes is as close as the whole word typed', async () => {
  // `saget` makes `sagen` (the German table swaps `et` for `en`), and shares `sage` with
  // `sagenhaft`, in a title and a body.
  assert.equal((await titles('de', 'saget'))[0], 'Märchen');
});

test('of the words alternations make, the one that keeps more of the word typed comes first', async () => {
  // `building` makes `built` and `builds`: `builds` keeps `build`, so its page comes first,
  // though `Dams`, with `built` in a shorter text, weighs a little more.
  const found = await titles('en', 'building');
  assert.deepEqual(found.slice(0, 2), ['Stands', 'Dams']);
});

test('a word nearer the length of the word typed comes first, though on a page that weighs a little less', async () => {
  // `marketability` shares `market` with `markets` (Fairs, a page that weighs more) and with
  // `marketplace` (Trade), whose length is nearer its own.
  const found = await titles('en', 'marketability');
  assert.deepEqual(found.filter((t) => t === 'Fairs' || t === 'Trade'), ['Trade', 'Fairs']);
});

test('a stem is taken as long as its words, two letters longer', async () => {
  // `connector` shares `connect` with the stems `connect` (of `connections`, Wires) and
  // `connected` (of `connectedness`, Links); taken two letters longer, `connect` is as long.
  const found = await titles('en', 'connector');
  assert.deepEqual(found.filter((t) => t === 'Wires' || t === 'Links'), ['Wires', 'Links']);
});

test('weight beyond that of a rare word in a page\'s text does not outrank a closer word', async () => {
  // `plaće` makes `plaći` (Sindikat, in a body) and begins `plaćenicu` (a title and a body,
  // four times the weight): a word the table makes is closer by half a letter.
  const found = await titles('hr', 'plaće');
  assert.equal(found[0], 'Sindikat');
});

test('a form the table makes by extending the word typed is closer than one it makes by an alternation', async () => {
  // `πίστη` extended by `η`: `ησ` is `πίστης` (Θάρρος); by `τη`: `τοτατοσ` it is
  // `πιστότατος` (Φίλοι): both hold all its letters, the one that keeps them all is closer.
  assert.equal((await titles('el', 'πίστη'))[0], 'Θάρρος');
});

test('an ending the table has after another letter is swapped as there, a letter less close', async () => {
  // `booziest`: no `ziest` in the English table, but `kiest`: `key` and others make `boozey`
  // (Parties, a body), closer than `boozer`, which shares as many letters (Boozer, a title).
  assert.equal((await titles('en', 'booziest'))[0], 'Parties');
});

test('of the pages of one stem, the one whose word is closest to the word typed comes first', async () => {
  // `pickers` shares `picke` with `picked` (Orchards), `pick` with `picking` (Berries, a
  // page that weighs more); both are of stem `pick`, a stem of two pages.
  const found = await titles('en', 'pickers');
  assert.deepEqual(found.filter((t) => t === 'Orchards' || t === 'Berries'), ['Orchards', 'Berries']);
});

test('a German particle verb the site lacks is tried without its ge or zu', async () => {
  // `eingegriffen` shares `einge` with `eingeladenen` and only `eing` with `eingreifen`;
  // without its `ge`, the German table swaps the `riffen` of `eingriffen` for `reifen`.
  assert.equal((await titles('de', 'eingegriffen'))[0], 'Notfall');
});

test('the browser takes the ge or zu from the words light.rs takes it from', () => {
  const particles = ['hinzu', 'aus', 'ein', 'hin', 'an', 'um'];
  for (const [word, unsplit] of [
    ['ausgebreitet', 'ausbreitet'],
    ['ausgebreiteten', 'ausbreiteten'],
    ['einzuzeichnen', 'einzeichnen'],
    ['hinzugefugt', 'hinzufugt'],
    ['hinzufugen', ''],
    ['ausgebend', ''],
    ['angel', ''],
    ['anzug', ''],
    ['umgebung', ''],
  ]) {
    assert.equal(engine.unsplit(word, particles), unsplit, word);
  }
});
