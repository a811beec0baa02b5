// Sections are documents of their own: their title and text are found, and a section with
// search = false is not. Run by tests/search.rs against the index of tests/fixtures/search.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { titles } = require('./harness.js');

test("a section's text and title find the section", async () => {
  assert.deepEqual(await titles('en', 'steering'), ['News from the partners']);
  assert.ok((await titles('en', 'partners')).includes('News from the partners'));
});

test('a section with search = false is not indexed', async () => {
  assert.deepEqual(await titles('en', 'questionnaire'), []);
});
