// Search in a real browser (Debian's Chromium through playwright-core): the built example
// site served over http with a strict Content-Security-Policy, and a copy opened from file://.
//
//   SITE_HTTP=public SITE_FILE=target/search-file node --test tests/search/browser.test.js
//
// SITE_FILE must be built with its own folder as the path of base_url
// (`policylab build --output-dir DIR --base-url https://offline.invalid$DIR`), so that its
// root-relative links resolve from file://. .ci/run builds both and runs this file.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const siteHttp = process.env.SITE_HTTP && path.resolve(process.env.SITE_HTTP);
const siteFile = process.env.SITE_FILE && path.resolve(process.env.SITE_FILE);
let playwright = null;
try { playwright = require('playwright-core'); } catch { /* reported below */ }
const missing = !playwright ? 'playwright-core is not installed (npm ci)'
  : !fs.existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)`
  : !siteHttp || !siteFile ? 'SITE_HTTP and SITE_FILE are not set' : null;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml' };

function serve(dir) {
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Security-Policy': "default-src 'self'",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('search in Chromium', { skip: missing ? `SKIPPED: ${missing}` : false }, async (t) => {
  const server = await serve(siteHttp);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'policylab-chromium-'));
  // A fresh profile: playwright passes it to Chromium as --user-data-dir.
  const browser = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('file:')) problems.push(`request to another host: ${url}`);
  });
  const results = '#search-results > li';

  try {
    await t.test('typing shows results, announces the count and puts the query in the URL', async () => {
      await page.goto(`${origin}/search/`);
      await page.fill('#search-input', 'vouchers');
      await page.waitForSelector(results);
      assert.match(await page.textContent(`${results} a`), /[Vv]ouchers/);
      await page.waitForFunction(() => /\d/.test(document.getElementById('search-status').textContent));
      assert.equal(await page.getAttribute('#search-status', 'role'), 'status');
      assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'vouchers');
      assert.ok((await page.$$('#search-results mark')).length > 0, 'matched words are highlighted');
    });

    await t.test('facets filter the results', async () => {
      await page.goto(`${origin}/search/?q=cluster`);
      await page.waitForSelector(results);
      const before = (await page.$$(results)).length;
      const status = await page.textContent('#search-status');
      // The facets are drawn again after each change: click, do not wait for the same box.
      await page.click('#search-facets fieldset:nth-of-type(2) input');
      await page.waitForFunction((s) => document.getElementById('search-status').textContent !== s, status);
      assert.ok((await page.$$(results)).length <= before);
      assert.match(page.url(), /f-/);
    });

    await t.test('the keyboard moves through results and Enter opens one', async () => {
      await page.goto(`${origin}/search/?q=vouchers`);
      await page.waitForSelector(results);
      const href = await page.getAttribute(`${results}:first-child a`, 'href');
      await page.focus('#search-input');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-hit-0');
      assert.equal(await page.getAttribute(`${results}:first-child`, 'aria-selected'), 'true');
      await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press('Enter')]);
    });

    await t.test('the search box in the header GETs the search page', async () => {
      await page.goto(`${origin}/about/`);
      await page.fill('#site-search', 'vouchers');
      await Promise.all([page.waitForURL(/\/search\/\?q=vouchers/), page.press('#site-search', 'Enter')]);
      await page.waitForSelector(results);
    });

    await t.test('Latin queries find Serbian Cyrillic pages', async () => {
      await page.goto(`${origin}/sr-cyrl/search/?q=vauceri`);
      await page.waitForSelector(results);
      assert.match(await page.textContent(`${results} a`), /Ваучери/);
    });

    await t.test('the same search works from file://', async () => {
      const offline = await browser.newPage();
      offline.on('pageerror', (e) => problems.push(e.message));
      await offline.goto(`file://${siteFile}/search/index.html?q=vouchers`);
      await offline.waitForSelector(results);
      assert.match(await offline.textContent(`${results} a`), /[Vv]ouchers/);
      await offline.fill('#search-input', 'digital maturity');
      await offline.waitForFunction(() => /digital/i.test(document.querySelector('#search-results a').textContent));
    });

    assert.deepEqual(problems, [], 'no script errors, CSP violations or requests to other hosts');
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
