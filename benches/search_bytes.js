// Bytes a cold query downloads in Chromium, policylab against Pagefind, on the site built by
// benches/search.rs (SITE, QUERIES as {"one": [[lang, query]…], "two": […], "unseen": […]}).
// Text files are served gzipped, as a static host does; Pagefind's own files are gzipped
// already. Counts response bodies, the HTML page and the theme's chrome (style.css…) left out.
// Prints JSON.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { chromium } = require('playwright-core');

const site = path.resolve(process.env.SITE);
const queries = JSON.parse(process.env.QUERIES);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };
const CHROME = /\/(style|syntax)\.css$|\.svg$|favicon/;

function page(lang, body) {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Pagefind</title>${body}</body></html>`;
}

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const q = url.searchParams.get('q') || '', lang = url.searchParams.get('lang') || 'en';
    if (url.pathname === '/pf-api.html') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      res.end(page(lang, `<script type="module">
        const pf = await import('/pagefind/pagefind.js');
        const r = await pf.search(${JSON.stringify(q)});
        const d = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
        window.done = d.length + 1;</script></head><body>`));
      return;
    }
    if (url.pathname === '/pf-ui.html') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      res.end(page(lang, `<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head><body>
        <div id="search"></div><script>const ui = new PagefindUI({ element: '#search', showSubResults: false }); ui.triggerSearch(${JSON.stringify(q)});</script>`));
      return;
    }
    let file = path.join(site, decodeURIComponent(url.pathname));
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(site) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    const type = TYPES[path.extname(file)];
    const bytes = fs.readFileSync(file);
    if (type && type !== TYPES['.wasm']) {
      res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip' });
      res.end(zlib.gzipSync(bytes, { level: 9 }));
    } else {
      res.writeHead(200, { 'Content-Type': type || 'application/octet-stream' });
      res.end(bytes);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measure(browser, url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 30000 }).catch(() => {});
  await page.waitForLoadState('networkidle');
  let total = 0;
  for (const r of responses) {
    if (r.request().resourceType() === 'document' || CHROME.test(r.url())) continue;
    total += (await r.request().sizes()).responseBodySize;
  }
  await context.close();
  return total / 1024;
}

function median(xs) { const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; }

(async () => {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const pagefind = fs.existsSync(path.join(site, 'pagefind'));
  const out = { detail: '' };
  for (const kind of Object.keys(queries)) {
    const ours = [], api = [], ui = [];
    for (const [lang, q] of queries[kind]) {
      const prefix = lang === 'en' ? '' : '/' + lang.toLowerCase();
      const enc = encodeURIComponent(q);
      ours.push(await measure(browser, `${origin}${prefix}/search/?q=${enc}`,
        () => document.querySelectorAll('#search-results li').length > 0 || /\S/.test(document.getElementById('search-status').textContent)));
      if (pagefind) {
        api.push(await measure(browser, `${origin}/pf-api.html?lang=${lang}&q=${enc}`, () => window.done > 0));
        ui.push(await measure(browser, `${origin}/pf-ui.html?lang=${lang}&q=${enc}`,
          () => document.querySelectorAll('.pagefind-ui__result').length > 0 || /No results/.test(document.body.textContent)));
      }
      out.detail += `  ${kind} ${lang} "${q}": ${ours.at(-1).toFixed(1)}  ${pagefind ? api.at(-1).toFixed(1) : '-'}  ${pagefind ? ui.at(-1).toFixed(1) : '-'}\n`;
    }
    out[kind] = { policylab: median(ours), pagefind: pagefind ? median(api) : null, pagefind_ui: pagefind ? median(ui) : null };
  }
  await browser.close();
  server.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
