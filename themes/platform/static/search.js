/* policylab search. The index (search-index/<lang>/) is classic scripts handing their data
   to policylabSearch(), so it loads from a server and file:// alike. The browser never
   stems: the index maps each folded word to its stems. Indexed text goes in text nodes only. */
(function (global) {
  'use strict';
  var loaded = {}, waiting = {}, base = '', loader;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
  var SPECIAL = { 'đ': 'dj', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ł': 'l', 'ø': 'o', 'ı': 'i', 'ħ': 'h' };
  var SR = {};
  'а a б b в v г g д d ђ đ е e ж ž з z и i ј j к k л l љ lj м m н n њ nj о o п p р r с s т t ћ ć у u ф f х h ц c ч č џ dž ш š'
    .split(' ').forEach(function (x, i, a) { if (i % 2 === 0) SR[x] = a[i + 1]; });
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  /* The share of an unknown word's beginning a near word shares (3+ letters). */
  var NEAR = 0.25;
  /* One edit where a near word and the word typed part, after which they agree again:
     [letters of the near word skipped, of the word typed skipped, letters the edit costs,
     letters that must then agree, unless both end agreeing]. Two letters more typed: ge or
     zu (eingereicht, einreichen); one letter changed, added or left out: a spelling or a
     vowel that changes (colourful, colorful; δεντρύλλιο, δενδρύλλιο; javamra, javadra). */
  var EDITS = [[0, 2, 2, 4], [1, 1, 1, 3], [0, 1, 1, 3], [1, 0, 1, 3]];

  /* Every index file calls this with its folder: a language's, or a table's that languages
     share (alternations-hbs). */
  global.policylabSearch = function (kind, folder, id, data) {
    var key = folder + '/' + kind + id;
    loaded[key] = data;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };

  function fail(key, url) {
    (waiting[key] || []).forEach(function (w) { w[1](new Error('cannot load ' + url)); });
    delete waiting[key];
  }

  function scriptLoader(url, key) {
    var s = document.createElement('script');
    s.src = url;
    s.onerror = function () { fail(key, url); };
    document.head.appendChild(s);
  }

  function load(folder, kind, id) {
    var key = folder + '/' + kind + id;
    if (key in loaded) return Promise.resolve(loaded[key]);
    return new Promise(function (resolve, reject) {
      if (!waiting[key]) {
        waiting[key] = [];
        var path = folder + '/' + (kind === 'm' ? 'm' : kind === 'f' ? 'f-' + id : kind + id) + '.js';
        setTimeout(function () {
          try { (loader || scriptLoader)(base + path, key); } catch (e) { fail(key, base + path); }
        });
      }
      waiting[key].push([resolve, reject]);
    });
  }

  /* As analysis.rs: lowercase, ş/ţ to ș/ț, final sigma, Serbian Cyrillic to Latin, accents
     off (й kept), đ to dj. */
  function fold(word, lang) {
    var w = word.toLowerCase().replace(/ş/g, 'ș').replace(/ţ/g, 'ț').replace(/ς/g, 'σ');
    if (/^(sr|hr|bs|sh|cnr)\b/.test(lang)) w = w.replace(/[\u0430-\u045f]/g, function (c) { return SR[c] || c; });
    var out = '';
    for (var c of w.normalize('NFD')) {
      if (MARKS.test(c)) {
        if (c === '\u0306' && out.slice(-1) === 'и') out = out.slice(0, -1) + 'й';
      } else out += SPECIAL[c] || c;
    }
    return out;
  }

  function words(text, lang) {
    return (text.normalize('NFC').match(WORD) || []).map(function (w) { return fold(w, lang); });
  }

  /* "quoted phrases", -exclusions and plain words. */
  function parse(query, lang) {
    var parts = [], re = /(-?)(?:"([^"]*)"?|(\S+))/g, m;
    while ((m = re.exec(query))) {
      var ws = words(m[2] !== undefined ? m[2] : m[3], lang);
      if (!ws.length) continue;
      if (m[2] !== undefined && ws.length > 1) parts.push({ words: ws, phrase: true, not: !!m[1] });
      else ws.forEach(function (w) { parts.push({ words: [w], not: !!m[1] }); });
    }
    return parts;
  }

  function shardOf(keys, key) {
    var lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* The number code of index.rs: base 32, lowest digit first, a number's last digit from
     0-9a-v, the others from A-Z!#$%&(. */
  var MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&(';
  function numbers(code) {
    var out = [], v = 0, shift = 1;
    for (var i = 0; i < code.length; i++) {
      var c = code.charCodeAt(i), more = MORE.indexOf(code[i]);
      if (more >= 0) { v += more * shift; shift *= 32; continue; }
      out.push(v + (c < 58 ? c - 48 : c - 87) * shift);
      v = 0; shift = 1;
    }
    return out;
  }

  function unique(list) { return Array.from(new Set(list)); }

  /* Whether a has the two letters at i of b the other way round (ms, sm). */
  function swappedAt(a, b, i) { return a[i] === b[i + 1] && a[i + 1] === b[i]; }

  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = shared(a, b);
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (swappedAt(a, b, i) && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* A form's stems; a number is the length of one that begins it. */
  function stemsOf(shard, form) {
    return [].concat(shard.f[form]).filter(function (x) { return x[0] !== '='; })
      .map(function (x) { return typeof x === 'number' ? form.slice(0, x) : x; });
  }

  /* The pages of a rare form of a common stem (=...), for ties. */
  function docsOf(shard, form) {
    var code = [].concat(shard.f[form]).filter(function (x) { return x[0] === '='; })[0], d = 0;
    return code ? numbers(code.slice(1)).map(function (x) { return (d += x); }) : [];
  }

  function shared(a, b) {
    var n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  }

  /* Takes key's stems (key is one if isStem) as n letters close: a rare form's pages get n
     (and few, how many they are; whole, the form's stems, when it holds all the word typed),
     else all pages of its stems. */
  function take(found, s, key, n, isStem, whole) {
    var docs = isStem ? [] : docsOf(s, key), stems = isStem ? [key] : stemsOf(s, key);
    stems.forEach(function (st) {
      if (found.stems.indexOf(st) < 0) found.stems.push(st);
      if (!docs.length && !(found.near.get(st) >= n)) found.near.set(st, n);
    });
    docs.forEach(function (d) {
      if (!(found.close.get(d) >= n)) { found.close.set(d, n); found.few.set(d, docs.length); }
      if (whole) found.whole.set(d, stems);
    });
  }

  /* A folded word's stems, how found, and how close each stem (near) and page (close) is:
     the order of a guess's pages, else ties. */
  function resolve(lang, m, w, prefix, unsplitAlready) {
    var own = shardOf(m.t, w), near = Math.max(3, Math.ceil(w.length * NEAR));
    return load(lang, 't', own).then(function (s) {
      var found = { stems: [], near: new Map(), close: new Map(), few: new Map(), whole: new Map(), how: '' };
      if (s.f[w] !== undefined) { take(found, s, w, w.length + 1); found.how = 'exact'; }
      else if (s.p[w]) { take(found, s, w, w.length + 1, true); if (!s.p[w][2]) found.how = 'exact'; }
      if (found.how && !prefix) return found;
      /* Only now the shards of its beginnings, the next ones and its alternations: a known
         word downloads one shard. */
      var ids = [own], last = Math.min(shardOf(m.t, (prefix ? w : w.slice(0, near)) + '\uffff'), own + 2);
      for (var k = 3; k < w.length; k++) ids.push(shardOf(m.t, w.slice(0, k)));
      for (var i = own + 1; i <= last; i++) ids.push(i);
      /* An ending x to swap (its letter before it included; a lone last letter, for endings
         that extend the word) leaves 2 letters; the shard of the longest holds all, and the
         endings beside them that differ in that first letter, bar some at its edges.
         It is in the table's folder (m.a), which the languages of one table share. */
      var r = m.r || [], back = w.split('').reverse().join('');
      var alt = !prefix && r.length && w.length > 3 ? load(m.a, 'r', shardOf(r, back.slice(0, w.length - 2))) : {};
      var guess = Promise.all([alt].concat(unique(ids).map(function (i) { return load(lang, 't', i); })))
        .then(function (shards) { return fallback(w, shards.slice(1), found, prefix, near, m.e || [], shards[0], m.v || ''); });
      /* A German particle verb's form is tried also without its ge or zu, as the index stems
         the site's: eingegriffen meets eingreifen as eingriffen. */
      var u = !prefix && !unsplitAlready && m.x && unsplit(w, m.x);
      if (!u) return guess;
      return Promise.all([guess, resolve(lang, m, u, false, true)]).then(function (both) {
        return withUnsplit(both[0], both[1]);
      });
    });
  }

  /* The endings y of an alternation as its table writes them: each after the first as the
     number of letters it shares with the one before, then the rest (`κληθηκαμε 7ν`: κληθηκαν). */
  function endings(list) {
    var before = '';
    return list.split(' ').map(function (y) {
      var shares = /^\d/.test(y);
      return (before = shares ? before.slice(0, +y[0]) + y.slice(1) : y);
    });
  }

  /* A word without the ge or zu after the first particle that begins it, as light.rs
     german_particle_verb: four letters must follow, and ge only leaves a participle (it ends
     in t or en, perhaps with an adjective ending, but not in nd). */
  function unsplit(w, particles) {
    var p = particles.filter(function (x) { return w.indexOf(x) === 0; })[0] || '', infix = w.slice(p.length, p.length + 2);
    var root = w.slice(p.length + 2), uninflected = w.replace(/(en|er|es|em|e)$/, '');
    var participle = !/nd$/.test(uninflected) && (/t$/.test(uninflected) || /en$/.test(w));
    return p && root.length >= 4 && (infix === 'zu' || (infix === 'ge' && participle)) ? p + root : '';
  }

  /* What a word found, and what it found without its infix (unsplit): as close as there,
     and the infix's two letters as one more. */
  function withUnsplit(found, unsplitFound) {
    if (unsplitFound.how !== 'exact' && unsplitFound.how !== 'near') return found;
    unsplitFound.stems.forEach(function (st) {
      var n = unsplitFound.near.get(st);
      if (found.stems.indexOf(st) < 0) found.stems.push(st);
      if (n && !(found.near.get(st) >= n + 1)) found.near.set(st, n + 1);
    });
    unsplitFound.close.forEach(function (n, d) {
      if (!(found.close.get(d) >= n + 1)) { found.close.set(d, n + 1); found.few.set(d, unsplitFound.few.get(d)); }
    });
    unsplitFound.whole.forEach(function (stems, d) { found.whole.set(d, stems); });
    found.how = 'near';
    return found;
  }

  /* An unknown word: known words and stems sharing most of its beginning (closest, then
     nearest its length, a stem taken as two letters longer, as its words are: a fraction of
     a letter), else one typo, or (also while typing) words it begins. A stem (4+ letters)
     and an ending of m.e count a letter more; letters that agree again after one of EDITS,
     or after two letters swapped, count, less its cost.
     A stem that differs only by a fleeting vowel (m.v: Hungarian haszon, hasznok; féreg,
     férgek) and is followed by an ending of m.e counts all its letters, less the vowel, and
     the ending as one. */
  function fallback(w, shards, found, prefix, near, ends, alt, vowels) {
    function each(score) {
      shards.forEach(function (s) {
        [s.f, s.p].forEach(function (map, isStem) {
          Object.keys(map).forEach(function (key) {
            var n = score(key, isStem);
            if (n) take(found, s, key, n, isStem, !isStem && key.indexOf(w) === 0);
          });
        });
      });
    }
    if (!found.how) {
      each(function (key, isStem) {
        var n = shared(key, w), more = 0;
        if (isStem && n === key.length && n > 3 && ends.indexOf(w.slice(n)) >= 0) return n + 1;
        if (n > 1) EDITS.forEach(function (e) {
          var m = shared(key.slice(n + e[0]), w.slice(n + e[1])), rest = n + e[0] + m === key.length && w.slice(n + e[1] + m);
          if (m >= e[3] || (m && rest === '')) more = Math.max(more, m - e[2]);
          else if (m && rest && isStem && key.length > 3 && e[0] + e[1] === 1 && vowels.indexOf(e[0] ? key[n] : w[n]) >= 0 &&
            ends.indexOf(rest) >= 0) more = Math.max(more, key.length + 1 - e[2] - n);
        });
        /* Two letters swapped (gjymsazog, gjysmazogu): the letters after them agree. */
        if (n > 1 && n + 1 < Math.min(key.length, w.length) && swappedAt(key, w, n)) {
          var t = shared(key.slice(n + 2), w.slice(n + 2));
          if (t >= 3 || (n + 2 + t === key.length && key.length === w.length)) more = Math.max(more, t + 1);
        }
        n += more;
        return n >= near && n + 1 / (Math.abs(key.length + (isStem ? 2 : 0) - w.length) + 2);
      });
      /* A word of the site made by swapping an ending x of the word (with the letter before
         it) for one of alt[x] (verbergt: verbarg) is as close as all its letters, and a
         fraction more for the letters it keeps (building: builds before built); a bare stem
         made so, as all but three quarters of one. */
      var made = function (key, less) {
        shards.forEach(function (s) {
          var p = s.p[key], isStem = s.f[key] === undefined;
          if (isStem && !p) return;
          take(found, s, key, (isStem && p[2] ? w.length - 0.75 : w.length + shared(key, w) / (w.length + 1)) - less, isStem);
        });
      };
      for (var i = 2; i < w.length; i++) endings(alt[w.slice(i)] || '').forEach(function (y) {
        if (y) made(w.slice(0, i) + y, 0);
      });
      /* An ending the table has only after another letter than the word's is swapped as
         there, keeping the word's letter, for a word a letter less close (booziest: no ziest,
         but kiest: key makes boozey): the letter before an ending is that of the words the
         rule was seen in. Only the endings of the shard downloaded are tried. */
      Object.keys(alt).forEach(function (x) {
        var i = w.length - x.length;
        if (x.length < 2 || i < 2 || x[0] === w[i] || x.slice(1) !== w.slice(i + 1)) return;
        endings(alt[x]).forEach(function (y) { made(w.slice(0, i + 1) + y.slice(1), 1); });
      });
      if (found.stems.length) found.how = 'near';
    }
    if (!found.stems.length && w.length >= 5) {
      each(function (key) { return oneEdit(w, key) && w.length - 1; });
      if (found.stems.length) found.how = 'typo';
    }
    if (prefix || !found.stems.length) {
      each(function (key) { return key.indexOf(w) === 0 && w.length; });
      if (!found.how && found.stems.length) found.how = 'prefix';
    }
    if (!found.stems.length) found.how = 'none';
    return found;
  }

  /* How high a guess ranks a page: its closeness in letters (with the fraction that orders
     words as close), and a letter more for 3.5 times the weight, up to a weight of 75
     (about a rare word's once in a page's text): more says how short the page is or that
     the word is in its title, not how likely the word typed is a form of its word. */
  function guessRank(v) { return v.c + Math.log1p(Math.min(v.w, 75)) / Math.log(3.5); }

  /* A guess divides a page's weight by the cube of the number of pages of its word: a word the
     site lacks is far likelier a form of a word of one page than of one of a few (whose other
     forms the site would more likely have). */
  function rarity(pages) { return pages * pages * pages; }

  /* What a stem's posting i (page d) gives a word: its weight and how close the word is.
     Of a guess, the stem's closeness and its weight by the rarity of the stem, or the
     closeness of the page's rare form and its weight by that form's rarity, whichever ranks
     the page higher; a rare form that holds all the word typed (grands for grand) is as
     close as the stem. */
  function guessed(f, l, d, i, near) {
    var w = l[0].w[i], close = f.close.get(d) || 0;
    if (f.how !== 'near') return { w: w, c: Math.max(near, close) };
    if ((f.whole.get(d) || []).indexOf(l[2]) >= 0) close = Math.max(close, near);
    var byStem = { w: w / rarity(l[0].d.length), c: near }, byForm = close && { w: w / rarity(f.few.get(d)), c: close };
    return byForm && guessRank(byForm) > guessRank(byStem) ? byForm : byStem;
  }

  /* Postings of a stem: {d: document numbers, w: weights}. */
  function postings(lang, m, stem) {
    return load(lang, 't', shardOf(m.t, stem)).then(function (s) {
      var p = s.p[stem];
      if (!p) return { d: [], w: [] };
      if (!p.d) {
        var d = 0;
        p.d = numbers(p[0]).map(function (x) { return (d += x); });
        p.w = numbers(p[1]);
      }
      return p;
    });
  }

  /* Positions of a stem, by posting (long lists in chunks). */
  function positions(lang, m, stem) {
    var first = shardOf(m.p, stem), ids = [first];
    for (var i = first + 1; i < m.p.length && m.p[i].indexOf(stem + '\u0001') === 0; i++) ids.push(i);
    return Promise.all(ids.map(function (i) { return load(lang, 'p', i); })).then(function (files) {
      var lists = [];
      files.forEach(function (f) {
        Object.keys(f).forEach(function (k) {
          if (k === stem || k.indexOf(stem + '\u0001') === 0) {
            /* Per posting: a count, then position deltas. */
            var n = numbers(f[k][1]), at = 0, j = f[k][0];
            while (at < n.length) {
              var count = n[at++], p = 0, list = [];
              while (count--) list.push((p += n[at++]));
              lists[j++] = list;
            }
          }
        });
      });
      return lists;
    });
  }

  /* One query part: page to weight (its best stem's), positions for phrases. */
  function match(lang, m, part, prefix) {
    return Promise.all(part.words.map(function (w, i) {
      return resolve(lang, m, w, prefix && i === part.words.length - 1 && !part.phrase);
    })).then(function (found) {
      return Promise.all(found.map(function (f) {
        return Promise.all(f.stems.map(function (s) {
          return postings(lang, m, s).then(function (p) {
            if (!part.phrase) return [p, null, s];
            return positions(lang, m, s).then(function (pos) { return [p, pos, s]; });
          });
        })).then(function (lists) {
          /* Per page: its stems' best weight, the closest, all positions. A word the site lacks
             is likelier a form of a rare word: guesses weigh by rarity, a stem's pages by its
             pages, a rare form's by its own (with its own closeness). Of a guess, a page keeps
             what ranks it highest, closeness and weight together (not the closeness of one
             stem or form and the weight of another). */
          var best = new Map();
          lists.forEach(function (l) {
            var near = f.near.get(l[2]) || 0;
            l[0].d.forEach(function (d, i) {
              var prev = best.get(d) || { w: 0, c: 0 }, pos = l[1] && l[1][i], next = guessed(f, l, d, i, near);
              var keep = f.how !== 'near' ? { w: Math.max(prev.w, next.w), c: Math.max(prev.c, next.c) }
                : guessRank(prev) >= guessRank(next) ? prev : next;
              best.set(d, { w: keep.w, c: keep.c, pos: pos ? (prev.pos || []).concat(pos) : prev.pos });
            });
          });
          return best;
        });
      })).then(function (maps) {
        var out = new Map();
        maps[0].forEach(function (v, d) {
          var w = 0, c = 0, exact = 0, ok = maps.every(function (mp, i) {
            var x = mp.get(d), f = found[i];
            if (x) { w += x.w; c += x.c; }
            /* The word as typed, on a page the index lists for it (index.rs tie_docs). */
            if (x && f.how === 'exact' && f.close.get(d) > part.words[i].length) exact++;
            return x;
          });
          if (ok && part.phrase) {
            ok = v.pos && v.pos.some(function (p) {
              return maps.every(function (mp, i) { return mp.get(d).pos && mp.get(d).pos.indexOf(p + i) >= 0; });
            });
          }
          if (ok) out.set(d, { w: w, c: c, exact: exact });
        });
        return { docs: out, guess: found.some(function (f) { return f.how !== 'exact'; }),
          how: found.map(function (f) { return f.how; }), stems: found };
      });
    });
  }

  /* The stems to mark in excerpts: of a guess, the closest. */
  function marked(f) {
    var top = Math.max.apply(null, [0].concat(Array.from(f.near.values())));
    return f.how === 'exact' ? f.stems : f.stems.filter(function (s) { return f.near.get(s) >= (top | 0); });
  }

  function manifest(lang) { return load(lang, 'm', '0'); }

  function facetSets(lang, m) {
    return Promise.all(m.facets.map(function (name) {
      return load(lang, 'f', name).then(function (f) {
        f.sets = f.sets || f.v.map(function (v) {
          var d = 0;
          return new Set(v[2].map(function (x) { return (d += x); }));
        });
        return { name: name, values: f.v, sets: f.sets };
      });
    }));
  }

  /* Runs a query. opts: {prefix: last word being typed, filters: {facet: [value ids]},
     facets: count facet values}. */
  function search(lang, query, opts) {
    opts = opts || {};
    var parts = parse(query, lang);
    return manifest(lang).then(function (m) {
      var pos = parts.filter(function (p) { return !p.not; }), last = pos[pos.length - 1];
      return Promise.all(parts.map(function (p) { return match(lang, m, p, opts.prefix && p === last); }))
        .then(function (matches) {
          var hits = new Map(), excluded = new Set(), forms = [];
          matches.forEach(function (r, i) {
            if (parts[i].not) { r.docs.forEach(function (_, d) { excluded.add(d); }); return; }
            forms = forms.concat(parts[i].words, [].concat.apply([], r.stems.map(marked)));
            r.docs.forEach(function (v, d) {
              var h = hits.get(d) || { doc: d, score: 0, n: 0, exact: 0, near: 0, tie: 0 };
              h.score += v.w;
              h.n++;
              h.exact += v.exact;
              /* Pages with more words as typed come first (where the index lists the pages of
                 a rare form of a common stem: vilagaig, not the many with vilag). Pages of a
                 guess come closest first, where five times the weight makes up for a
                 letter; else closeness only breaks ties. */
              if (r.guess) h.near += guessRank(v); else h.tie += v.c;
              hits.set(d, h);
            });
          });
          var all = [], partial = false;
          hits.forEach(function (h, d) { if (!excluded.has(d)) all.push(h); });
          if (all.some(function (h) { return h.n === pos.length; })) {
            all = all.filter(function (h) { return h.n === pos.length; });
          } else partial = pos.length > 1 && all.length > 0;
          all.sort(function (a, b) {
            return b.n - a.n || b.exact - a.exact || b.near - a.near || b.score - a.score || b.tie - a.tie || a.doc - b.doc;
          });
          var result = { lang: lang, total: all.length, partial: partial, hits: all, words: unique(forms),
            how: matches.map(function (r) { return r.how; }) };
          if (!opts.facets && !opts.filters) return result;
          return facetSets(lang, m).then(function (facets) { return filter(result, facets, opts.filters || {}); });
        });
    });
  }

  function filter(result, facets, filters) {
    function passes(doc, except) {
      return facets.every(function (f) {
        var chosen = filters[f.name];
        if (f.name === except || !chosen || !chosen.length) return true;
        return f.values.some(function (v, i) { return chosen.indexOf(v[0]) >= 0 && f.sets[i].has(doc); });
      });
    }
    result.facets = facets.map(function (f) {
      var inScope = result.hits.filter(function (h) { return passes(h.doc, f.name); });
      return {
        name: f.name,
        values: f.values.map(function (v, i) {
          return { id: v[0], label: v[1], selected: (filters[f.name] || []).indexOf(v[0]) >= 0,
            count: inScope.filter(function (h) { return f.sets[i].has(h.doc); }).length };
        }).filter(function (v) { return v.count || v.selected; })
      };
    });
    result.hits = result.hits.filter(function (h) { return passes(h.doc, null); });
    result.total = result.hits.length;
    return result;
  }

  /* A document's record: [title, url, type number, facts, text]. */
  function doc(lang, n) {
    return manifest(lang).then(function (m) {
      return load(lang, 'd', Math.floor(n / m.b)).then(function (block) {
        var r = block[n % m.b];
        return { title: r[0], url: r[1], type: m.types[r[2]] || '', facts: r[3], text: r[4] };
      });
    });
  }

  var api = { fold: fold, parse: parse, unsplit: unsplit, search: search, doc: doc,
    setBase: function (b) { base = b; }, setLoader: function (l) { loader = l; } };
  global.policylabSearchEngine = api;
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'object') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ui);
    else ui();
  }

  /* The search page: an ARIA combobox over a listbox of results, facets, ?q= in the URL. */
  function ui() {
    var $ = function (id) { return document.getElementById(id); }, box = $('search');
    if (!box) return;
    var input = $('search-input'), list = $('search-results'), status = $('search-status'),
      facetsBox = $('search-facets'), more = $('search-more'), langSelect = $('search-lang');
    var T = {};
    [].forEach.call($('search-strings').children, function (li) { T[li.getAttribute('data-key')] = li.textContent; });
    base = new URL(box.getAttribute('data-index'), document.baseURI).href;
    var filters = {}, shown = 0, current = null, active = -1, timer = 0, run = 0;
    box.hidden = false;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.appendChild(document.createTextNode(text));
      return e;
    }
    function lang() { return langSelect ? langSelect.value : box.getAttribute('data-lang'); }
    function say(key, n) { return (T[key] || '').replace('{count}', n); }

    function excerpt(text, forms, l) {
      var p = el('p', 'search-hit__excerpt'), re = /[\p{Alphabetic}\p{N}]+/gu, m, spans = [];
      while ((m = re.exec(text))) {
        var f = fold(m[0], l);
        if (forms.some(function (q) { return f === q || (q.length > 2 && f.indexOf(q) === 0); })) spans.push([m.index, m.index + m[0].length]);
      }
      var start = spans.length ? Math.max(0, spans[0][0] - 80) : 0;
      if (start) start = text.indexOf(' ', start) + 1;
      var end = Math.min(text.length, start + 240), at = start;
      if (start) p.appendChild(document.createTextNode('…'));
      spans.forEach(function (s) {
        if (s[0] < at || s[1] > end) return;
        p.appendChild(document.createTextNode(text.slice(at, s[0])));
        p.appendChild(el('mark', '', text.slice(s[0], s[1])));
        at = s[1];
      });
      p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? '…' : '')));
      return p;
    }

    function showMore(count) {
      var r = current, l = r.lang, hits = r.hits.slice(shown, shown + count);
      shown += hits.length;
      more.hidden = shown >= r.total;
      return Promise.all(hits.map(function (h) { return doc(l, h.doc); })).then(function (docs) {
        if (r !== current) return;
        docs.forEach(function (d) {
          var li = el('li', 'search-hit'), a = el('a', 'search-hit__title', d.title);
          li.id = 'search-hit-' + (list.children.length);
          li.setAttribute('role', 'option');
          a.href = d.url;
          a.tabIndex = -1;
          li.appendChild(a);
          var meta = [d.type].concat(d.facts).filter(Boolean).join(' · ');
          if (meta) li.appendChild(el('p', 'search-hit__meta', meta));
          li.appendChild(excerpt(d.text, r.words, l));
          list.appendChild(li);
          li.onmousemove = function () { select(+li.id.split('-').pop()); };
        });
      });
    }

    function renderFacets(r) {
      facetsBox.textContent = '';
      (r.facets || []).forEach(function (f) {
        if (!f.values.length) return;
        var fs = el('fieldset', 'search-facet');
        fs.appendChild(el('legend', '', T['facet_' + f.name] || f.name));
        f.values.forEach(function (v) {
          var label = el('label'), box2 = el('input');
          box2.type = 'checkbox';
          box2.checked = v.selected;
          box2.onchange = function () {
            var chosen = filters[f.name] = filters[f.name] || [];
            if (box2.checked) chosen.push(v.id); else chosen.splice(chosen.indexOf(v.id), 1);
            go(false, true);
          };
          label.appendChild(box2);
          label.appendChild(document.createTextNode(' ' + v.label + ' (' + v.count + ')'));
          fs.appendChild(label);
        });
        facetsBox.appendChild(fs);
      });
    }

    function select(i) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].removeAttribute('aria-selected');
      active = Math.max(-1, Math.min(i, items.length - 1));
      if (active < 0) { input.removeAttribute('aria-activedescendant'); return; }
      items[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }

    function go(typing, push) {
      var q = input.value.trim(), mine = ++run, url = new URL(location.href);
      url.searchParams.set('q', q);
      if (langSelect) url.searchParams.set('lang', lang());
      Object.keys(filters).forEach(function (k) { url.searchParams.set('f-' + k, filters[k].join(',')); });
      try { history[push ? 'pushState' : 'replaceState'](null, '', url); } catch (e) { /* file:// may refuse */ }
      if (!q) {
        list.textContent = facetsBox.textContent = status.textContent = '';
        more.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        return Promise.resolve();
      }
      return search(lang(), q, { prefix: typing, facets: true, filters: filters }).then(function (r) {
        if (mine !== run) return;
        current = r;
        shown = 0;
        active = -1;
        list.textContent = '';
        input.removeAttribute('aria-activedescendant');
        input.setAttribute('aria-expanded', r.total > 0);
        status.textContent = r.total ? say(r.partial ? 'partial' : 'count', r.total) : say('none', 0);
        renderFacets(r);
        return showMore(5);
      }, function () { status.textContent = say('error', 0); });
    }

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-controls', 'search-results');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.oninput = function () { clearTimeout(timer); timer = setTimeout(function () { go(true); }, 120); };
    input.onkeydown = function (e) {
      if (e.key === 'ArrowDown') { select(active + 1); e.preventDefault(); }
      else if (e.key === 'ArrowUp') { select(active - 1); e.preventDefault(); }
      else if (e.key === 'Escape') { select(-1); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); location.href = list.children[active].firstChild.href; }
    };
    input.form.onsubmit = function (e) { e.preventDefault(); go(false, true); };
    if (langSelect) langSelect.onchange = function () { filters = {}; go(false, true); };
    more.onclick = function () { showMore(10); };
    function fromUrl() {
      var params = new URL(location.href).searchParams;
      input.value = params.get('q') || '';
      if (langSelect && params.get('lang')) langSelect.value = params.get('lang');
      filters = {};
      params.forEach(function (v, k) { if (k.indexOf('f-') === 0 && v) filters[k.slice(2)] = v.split(','); });
      go(false);
    }
    window.onpopstate = fromUrl;
    fromUrl();
  }
})(typeof window === 'object' ? window : globalThis);
