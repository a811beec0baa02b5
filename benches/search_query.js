// Query time of search.js in Node once the shards a query needs are loaded: each query runs
// once to load them, then 50 times timed. Prints {"median": ms, "p95": ms} as JSON.
'use strict';
const { engine } = require('../tests/search/harness.js');

(async () => {
  const queries = JSON.parse(process.env.QUERIES);
  const times = [];
  for (const [lang, q] of [...queries.one, ...queries.two]) {
    await engine.search(lang, q, { facets: true });
    for (let i = 0; i < 50; i++) {
      const start = process.hrtime.bigint();
      await engine.search(lang, q, { facets: true });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] }));
})().catch((e) => { console.error(e); process.exit(1); });
