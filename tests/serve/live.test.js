// `policylab serve` in a real browser (Debian's Chromium through playwright-core): a page
// reloads itself after its file is saved and keeps its scroll position, a page the save did
// not touch stays as it is, a stylesheet is swapped without a reload, and a broken file shows
// its errors over the page until it is fixed.
//
//   POLICYLAB=target/release/policylab node --test tests/serve/live.test.js
//
// .ci/run builds the binary and runs this file.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const binary = process.env.POLICYLAB && path.resolve(process.env.POLICYLAB);
let playwright = null;
try { playwright = require('playwright-core'); } catch { /* reported below */ }
const missing = !playwright ? 'playwright-core is not installed (npm ci)'
  : !fs.existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)`
  : !binary || !fs.existsSync(binary) ? 'POLICYLAB does not name the built binary' : null;

/// A small site: a long page to scroll, another page, a listing, a stylesheet.
function writeSite(root) {
  const files = {
    'config.toml': 'base_url = "https://example.eu"\ntitle = "Live"\ndefault_language = "en"\n\n[languages.en]\nname = "English"\n',
    'templates/base.html': '<!doctype html>\n<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title>'
      + '<link rel="stylesheet" href="{{ get_url(path=\'style.css\') }}"></head>\n<body>{% block content %}{% endblock content %}</body></html>\n',
    'templates/page.html': '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1><article>{{ page.content | safe }}</article>{% endblock content %}',
    'templates/section.html': '{% extends "base.html" %}{% block content %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a> {{ p.word_count }} words</li>{% endfor %}</ul>{% endblock content %}',
    'templates/index.html': '{% extends "base.html" %}{% block content %}<h1>Home</h1>{% endblock content %}',
    'templates/404.html': '{% extends "base.html" %}{% block content %}<h1>Not found</h1>{% endblock content %}',
    'static/style.css': 'body { color: rgb(0, 0, 0); }\n',
    'content/_index.md': '+++\ntitle = "Home"\n+++\n',
    'content/notes/_index.md': '+++\ntitle = "Notes"\n+++\n',
    'content/notes/long.md': '+++\ntitle = "A long note"\n+++\n'
      + Array.from({ length: 150 }, (_, i) => `Paragraph ${i} of a note long enough to scroll.\n`).join('\n'),
    'content/notes/other.md': '+++\ntitle = "Another note"\n+++\nShort.\n',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/// Starts `policylab serve` and resolves once it says it is serving.
async function startServer(root, out) {
  const port = await freePort();
  const child = spawn(binary, ['serve', '--root', root, '--port', String(port), '--output-dir', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  await new Promise((resolve, reject) => {
    const hear = (chunk) => {
      said += chunk;
      if (said.includes('serving http://')) resolve();
    };
    child.stdout.on('data', hear);
    child.stderr.on('data', hear);
    child.once('exit', (code) => reject(new Error(`policylab serve ended (${code}): ${said}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}`, said: () => said };
}

test('live reload in Chromium', { skip: missing ? `SKIPPED: ${missing}` : false }, async (t) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'policylab-live-'));
  const root = path.join(work, 'site');
  writeSite(root);
  const server = await startServer(root, path.join(work, 'served'));
  const profile = path.join(work, 'profile');
  const browser = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const problems = [];
  /// Resolves once the page (loaded or reloaded) listens to the server's events.
  const listening = (page) => page.waitForResponse((r) => new URL(r.url()).pathname === '/__policylab/events');
  /// Resolves once the page has loaded again.
  const reloaded = (page) => page.waitForEvent('load');
  /// Marks the page: a reload forgets the mark.
  const mark = (page) => page.evaluate(() => { window.policylabTestMark = true; });
  const marked = (page) => page.evaluate(() => window.policylabTestMark === true);
  const open = async (at) => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    const streaming = listening(page);
    await page.goto(`${server.origin}${at}`);
    await streaming;
    await mark(page);
    return page;
  };
  const edit = (name, change) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  };

  try {
    const long = await open('/notes/long/');
    const other = await open('/notes/other/');
    const listing = await open('/notes/');

    await t.test('the saved page reloads where it was scrolled; pages it does not touch stay', async () => {
      const wordsListed = async () => Number((await listing.textContent('li:has-text("A long note")')).match(/(\d+) words/)[1]);
      const wordsBefore = await wordsListed();
      await long.evaluate(() => window.scrollTo(0, 1200));
      await long.waitForFunction(() => window.scrollY === 1200);
      const longAgain = Promise.all([reloaded(long), listening(long)]);
      const listingAgain = reloaded(listing);
      edit('content/notes/long.md', (text) => `${text}\nA fresh paragraph at the end.\n`);
      await longAgain;
      assert.match(await long.textContent('article'), /A fresh paragraph at the end\./);
      await long.waitForFunction(() => window.scrollY === 1200);
      await mark(long);
      // The listing shows word counts: it is built after the page, and reloads then.
      await listingAgain;
      assert.equal(await wordsListed(), wordsBefore + 6, 'the listing shows the new word count');
      // Every open page got that event at once: the untouched one has decided by now.
      assert.equal(await marked(other), true, 'a page the save did not touch is not reloaded');
      assert.equal(await marked(long), true, 'the saved page, shown as the whole build makes it, is not reloaded again');
    });

    await t.test('a stylesheet change is swapped in without a reload', async () => {
      await mark(long);
      edit('static/style.css', () => 'body { color: rgb(0, 90, 0); }\n');
      await long.waitForFunction(() => getComputedStyle(document.body).color === 'rgb(0, 90, 0)');
      assert.equal(await marked(long), true);
      assert.equal(await long.evaluate(() => window.scrollY), 1200);
    });

    await t.test('a broken file shows its errors over every page until it is fixed', async () => {
      edit('content/notes/other.md', (text) => text.replace('title = "Another note"', 'title = "Another note"\ndate = 2025-13-45'));
      for (const page of [long, other]) {
        await page.waitForSelector('#policylab-overlay');
        const shown = await page.textContent('#policylab-overlay');
        assert.match(shown, /other\.md/);
        assert.match(shown, /2025-13-45/);
      }
      const fixed = Promise.all([long, other].map(reloaded));
      edit('content/notes/other.md', (text) => text.replace('\ndate = 2025-13-45', ''));
      await fixed;
      for (const page of [long, other]) {
        assert.equal(await page.$('#policylab-overlay'), null);
      }
    });

    assert.deepEqual(problems, [], 'no script errors');
  } finally {
    await browser.close();
    server.child.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
