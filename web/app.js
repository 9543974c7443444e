// marsad's page: reads the JSON API of `marsad serve` (src/cli/cmd_serve.c)
// and shows stories, articles with their copied passages, names and search.
// Routes live in the address's fragment (#/story/12), so that every view
// can be bookmarked and the browser's back button works. Text from the
// store only ever reaches the page as text nodes, never as markup.
'use strict';

const TYPE_NAMES = { PER: 'شخص', LOC: 'مكان', ORG: 'هيئة' };
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const SOURCES_SHOWN = 6;
const view = document.getElementById('view');

// el('a', {href: '#/'}, 'text', child…): an element with attributes and
// children (strings become text nodes; null and false are skipped).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const url = '/api/' + path + (q.toString() ? '?' + q : '');
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const err = new Error((body && body.error) || ('HTTP ' + r.status));
    err.status = r.status;
    throw err;
  }
  return body;
}

function show(...children) {
  view.replaceChildren(...children.flat().filter(Boolean));
  window.scrollTo(0, 0);
}

function showError(err) {
  show(el('p', { class: 'error', role: 'alert' }, 'تعذّر العرض: ', err.message));
}

const dateFormat = new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'UTC' });
function day(iso) {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  if (!m[2]) return m[1];
  if (!m[3]) return new Intl.DateTimeFormat('ar', { year: 'numeric', month: 'long', timeZone: 'UTC' })
    .format(Date.UTC(+m[1], +m[2] - 1, 1));
  return dateFormat.format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

function span(first, last) {
  if (!first && !last) return 'بلا تاريخ';
  if (!last || first === last) return day(first || last);
  return day(first) + ' – ' + day(last);
}

function count(n, one, two, few, many) {
  if (n === 1) return one;
  if (n === 2) return two;
  if (n >= 3 && n <= 10) return n + ' ' + few;
  return n + ' ' + many;
}

function articleLink(key, label) {
  return el('a', { href: '#/article/' + encodeURIComponent(key) }, el('bdi', {}, label || key));
}

// What names an article among others: its outlet, else the start of its
// title, else its key.
function shortName(a) {
  if (a.outlet) return a.outlet;
  const t = a.title || a.key;
  return t.length > 40 ? t.slice(0, 40) + '…' : t;
}

function typeBadge(type) {
  return el('span', { class: 'badge ' + type }, TYPE_NAMES[type] || type);
}

// ---- stories ---------------------------------------------------------------

async function storiesView(params) {
  const sort = params.get('sort') || 'recent';
  const min = params.get('min') || '1';
  const list = el('div', { id: 'stories' });
  const more = el('button', { class: 'more', type: 'button' }, 'المزيد');
  const go = (k, v) => {
    const p = new URLSearchParams(params);
    p.set(k, v);
    location.hash = '#/?' + p;
  };
  const controls = el('div', { class: 'controls' },
    el('label', {}, 'الترتيب: ',
      el('select', { id: 'sort', onchange: e => go('sort', e.target.value) },
        el('option', { value: 'recent', selected: sort === 'recent' }, 'الأحدث'),
        el('option', { value: 'size', selected: sort === 'size' }, 'الأكثر مقالات'))),
    el('label', {}, 'القصص: ',
      el('select', { id: 'min', onchange: e => go('min', e.target.value) },
        el('option', { value: '1', selected: min === '1' }, 'كلها'),
        el('option', { value: '2', selected: min === '2' }, 'من مقالين فأكثر'),
        el('option', { value: '3', selected: min === '3' }, 'من ثلاثة مقالات فأكثر'))));
  const total = el('p', { class: 'muted' });
  show(el('h1', {}, 'القصص'), controls, total, list);
  let offset = 0;
  const page = async () => {
    const r = await api('stories', { sort, min, limit: 50, offset });
    total.textContent = count(r.total, 'قصة واحدة', 'قصتان', 'قصص', 'قصة');
    for (const s of r.stories) {
      list.append(el('article', { class: 'card story' },
        el('h3', {}, el('a', { href: '#/story/' + s.id }, s.headline || ('قصة ' + s.id))),
        el('div', { class: 'meta' },
          span(s.first, s.last), ' · ',
          count(s.articles, 'مقال واحد', 'مقالان', 'مقالات', 'مقالا'),
          s.outlets.length ? ' · ' + s.outlets.join('، ') : '')));
    }
    offset += r.stories.length;
    if (offset < r.total) list.after(more); else more.remove();
  };
  more.addEventListener('click', () => page().catch(showError));
  await page();
}

async function storyView(id) {
  const s = await api('stories/' + encodeURIComponent(id));
  const byKey = new Map(s.sources.map(a => [a.key, a]));
  // The articles a line comes from, one link an outlet, the first few.
  const sources = keys => {
    const seen = new Map();
    for (const key of keys || []) {
      const name = shortName(byKey.get(key) || { key });
      if (!seen.has(name)) seen.set(name, key);
    }
    const shown = [...seen].slice(0, SOURCES_SHOWN);
    const rest = seen.size - shown.length;
    return el('span', { class: 'sources' }, '—',
      shown.map(([name, key]) => [' ', articleLink(key, name)]),
      rest > 0 ? ' و' + count(rest, 'مصدر آخر', 'مصدران آخران', 'مصادر أخرى', 'مصدرا آخر') : null);
  };
  const parts = [
    el('h1', {}, s.headline || ('قصة ' + s.id)),
    el('p', { class: 'meta' }, span(s.first, s.last), ' · ',
      count(s.sources.length, 'مقال واحد', 'مقالان', 'مقالات', 'مقالا'),
      s.topic !== null ? [' · ', el('a', { href: '#/topic/' + s.topic, id: 'topic-link' }, 'الملف كله')] : null),
  ];
  parts.push(...summaryParts(s, sources));
  parts.push(el('h2', {}, 'المقالات'),
    el('ul', { class: 'articles' }, s.sources.map(a => el('li', {},
      articleLink(a.key, a.title || a.key),
      el('span', { class: 'muted' }, ' · ', a.outlet || '', a.published ? ' · ' + day(a.published) : '')))));
  show(parts);
}

// The summary, timeline, cast and quotes of a story or a topic; sources(keys)
// names the articles a line comes from.
function summaryParts(o, sources) {
  const parts = [];
  if (o.summary && o.summary.length)
    parts.push(el('h2', {}, 'الملخص'),
      el('ul', { class: 'summary' }, o.summary.map(x => el('li', {}, x.text, sources(x.keys)))));
  if (o.timeline && o.timeline.length)
    parts.push(el('h2', {}, 'التسلسل الزمني'),
      el('ul', { class: 'timeline' }, o.timeline.map(t =>
        el('li', {}, el('strong', {}, day(t.date)), ': ', t.text, t.key ? sources([t.key]) : null))));
  if (o.cast && o.cast.length)
    parts.push(el('h2', {}, 'الأطراف'),
      el('ul', { class: 'cast' }, o.cast.map(c => el('li', {},
        typeBadge(c.type),
        el('a', { href: '#/entities?spelled=' + encodeURIComponent(c.name) }, c.name),
        c.variants && c.variants.length > 1
          ? el('span', { class: 'variants' }, ' (' + c.variants.join('، ') + ')') : null,
        el('span', { class: 'muted' }, ' · ' + count(c.mentions, 'ذكر واحد', 'ذكران', 'مرات', 'مرة'))))));
  if (o.quotes && o.quotes.length)
    parts.push(el('h2', {}, 'الأقوال'),
      el('ul', { class: 'quotes' }, o.quotes.map(q => el('li', {},
        el('strong', {}, q.speaker || 'متحدث غير معروف'), ' ', q.verb ? '(' + q.verb + ')' : '', ': ',
        el('q', {}, q.text), sources(q.keys || [q.key])))));
  return parts;
}

async function topicView(id) {
  const t = await api('topics/' + encodeURIComponent(id));
  show(el('h1', {}, t.headline || t.label || ('ملف ' + t.id)),
    el('p', { class: 'meta' }, span(t.first, t.last), ' · ',
      count(t.stories.length, 'قصة واحدة', 'قصتان', 'قصص', 'قصة')),
    summaryParts(t, keys => el('span', { class: 'sources' }, '—',
      (keys || []).slice(0, SOURCES_SHOWN).map(k => [' ', articleLink(k, 'مقال')]))),
    el('h2', {}, 'القصص'),
    el('ul', { id: 'topic-stories' }, t.stories.map(x => el('li', {},
      el('a', { href: '#/story/' + x.id }, x.headline || ('قصة ' + x.id)),
      el('span', { class: 'muted' }, ' · ', span(x.first, x.last), ' · ',
        count(x.articles, 'مقال واحد', 'مقالان', 'مقالات', 'مقالا'))))));
}

// ---- one article -------------------------------------------------------------

function safeUrl(u) {
  return /^https?:\/\//i.test(u || '') ? u : null;
}

// The article's text from its segments, paragraph by paragraph, each copied
// passage marked with its source's colour and named in its title.
function articleText(a) {
  const box = el('div', { class: 'article-text' });
  let p = el('p');
  const flush = () => { if (p.childNodes.length) box.append(p); p = el('p'); };
  for (const s of a.segments) {
    const lines = s.text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) flush();
      if (!line) return;
      let node = document.createTextNode(line);
      if (s.type) node = el('span', { class: 'ent ' + s.type, title: TYPE_NAMES[s.type] }, node);
      if (s.copy !== null) {
        const from = a.copied_from[s.copy];
        node = el('mark', { class: 'copy c' + (s.copy % 4), 'data-copy': s.copy,
          title: 'منقول من ' + (from.outlet || from.key) }, node);
      }
      p.append(node);
    });
  }
  flush();
  return box;
}

async function articleView(key) {
  const a = await api('article', { key });
  const url = safeUrl(a.url);
  const parts = [
    el('h1', {}, a.title || a.key),
    el('p', { class: 'meta' }, a.outlet || '', a.published ? ' · ' + day(a.published) : '',
      url ? ' · ' : '', url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'المصدر') : null,
      a.stories.length ? ' · ' : '', a.stories.map(id => el('a', { href: '#/story/' + id }, 'القصة ' + id))),
  ];
  if (a.copied_from.length)
    parts.push(el('h2', {}, 'فقرات منقولة'),
      el('ul', { class: 'legend' }, a.copied_from.map((c, i) => el('li', {},
        el('mark', { class: 'copy c' + (i % 4) }, String(i + 1)), ' من ',
        articleLink(c.key, (c.outlet ? c.outlet + ': ' : '') + (c.title || c.key)),
        el('span', { class: 'muted' }, ' · تشابه ' + Math.round(c.similarity * 100) + '٪')))));
  parts.push(el('h2', {}, 'النص'), articleText(a));
  if (a.quotes.length)
    parts.push(el('h2', {}, 'الأقوال'),
      el('ul', { class: 'quotes' }, a.quotes.map(q => el('li', {},
        q.speaker ? el('strong', {}, q.speaker)
          : q.source ? el('em', { class: 'source', title: 'مصدر لم يُسمَّ' }, q.source)
          : el('strong', {}, 'متحدث غير معروف'),
        q.verb ? ' (' + q.verb + ')' : '', ': ',
        el('q', {}, q.text)))));
  if (a.copied_by.length)
    parts.push(el('h2', {}, 'نقلت عنه'),
      el('ul', {}, a.copied_by.map(c => el('li', {},
        articleLink(c.key, (c.outlet ? c.outlet + ': ' : '') + (c.title || c.key))))));
  show(parts);
}

// ---- names -----------------------------------------------------------------

async function entitiesView(params) {
  const type = params.get('type') || '';
  const spelled = params.get('spelled') || '';
  const go = p => { location.hash = '#/entities?' + new URLSearchParams(p); };
  const input = el('input', { type: 'search', id: 'spelled', value: spelled,
    placeholder: 'اسم أو جزء منه', 'aria-label': 'اسم أو جزء منه' });
  const controls = el('form', { class: 'controls', onsubmit: e => {
      e.preventDefault();
      go({ type, spelled: input.value.trim() });
    } },
    ['', 'PER', 'LOC', 'ORG'].map(t => el('button', {
      type: 'button', 'aria-pressed': String(t === type),
      onclick: () => go({ type: t, spelled }) }, t ? TYPE_NAMES[t] : 'الكل')),
    input, el('button', { type: 'submit' }, 'اعرض'));
  const list = el('div', { id: 'entities' }, el('p', { class: 'muted' }, '…'));
  show(el('h1', {}, 'الأسماء'), controls, list);
  let r;
  try {
    r = await api('entities', { type, spelled, limit: 100 });
  } catch (err) {
    if (err.status !== 503) throw err;
    // The server is still gathering the names: ask again shortly.
    list.replaceChildren(el('p', { class: 'muted' }, 'جارٍ جمع الأسماء…'));
    const hash = location.hash;
    setTimeout(() => { if (location.hash === hash) route(); }, 2000);
    return;
  }
  list.replaceChildren(...(r.length ? r.map(e => el('article', { class: 'card entity' },
    el('h3', {}, typeBadge(e.type), e.canonical, e.latin ? el('span', { class: 'muted' }, ' (' + e.latin + ')') : null),
    el('div', { class: 'meta' }, count(e.mentions, 'ذكر واحد', 'ذكران', 'مرات', 'مرة'), ' في ',
      count(e.articles, 'مقال واحد', 'مقالين', 'مقالات', 'مقالا')),
    e.variants.length > 1 ? el('div', { class: 'variants' }, 'يُكتب: ' + e.variants.join('، ')) : null,
    el('ul', { class: 'sources' }, e.sources.map(a => el('li', {},
      articleLink(a.key, a.title || a.key),
      el('span', { class: 'muted' }, a.outlet ? ' · ' + a.outlet : '', a.published ? ' · ' + day(a.published) : ''))))))
    : [el('p', { class: 'muted' }, 'لا أسماء تطابق.')]));
}

// ---- search ----------------------------------------------------------------

// A snippet whose matched words the server wrapped in U+E000 … U+E001.
function snippet(text) {
  const box = el('p', { class: 'snippet' });
  let open = false;
  for (const part of text.split(/([\uE000\uE001])/)) {
    if (part === MARK_OPEN) open = true;
    else if (part === MARK_CLOSE) open = false;
    else if (part) box.append(open ? el('mark', {}, part) : part);
  }
  return box;
}

// The search's narrowing: an outlet and a span of publication dates, kept
// in the address with the query.
const SEARCH_FILTERS = ['outlet', 'since', 'until'];

async function searchView(params) {
  const q = params.get('q') || '';
  const filters = Object.fromEntries(SEARCH_FILTERS.map(k => [k, params.get(k) || '']));
  document.getElementById('search-input').value = q;
  const input = (name, type, label) => el('label', {}, label + ' ',
    el('input', { type, id: 'search-' + name, value: filters[name], dir: 'auto' }));
  const form = el('form', { class: 'controls', id: 'search-filters', onsubmit: e => {
      e.preventDefault();
      const p = new URLSearchParams({ q });
      for (const k of SEARCH_FILTERS) {
        const v = document.getElementById('search-' + k).value.trim();
        if (v) p.set(k, v);
      }
      location.hash = '#/search?' + p;
    } },
    input('outlet', 'text', 'المصدر:'), input('since', 'date', 'من:'), input('until', 'date', 'إلى:'),
    el('button', { type: 'submit' }, 'ضيّق'));
  if (!q.trim()) { show(el('h1', {}, 'البحث'), el('p', { class: 'muted' }, 'اكتب ما تبحث عنه.')); return; }
  const r = await api('search', { q, limit: 30, ...filters });
  show(el('h1', {}, 'البحث: ', q), form,
    el('p', { class: 'muted' }, r.hits.length ? count(r.hits.length, 'نتيجة واحدة', 'نتيجتان', 'نتائج', 'نتيجة') : 'لا نتائج.'),
    el('div', { id: 'hits' }, r.hits.map(h => el('article', { class: 'card hit' },
      el('h3', {}, articleLink(h.key, h.title || h.key)),
      el('div', { class: 'meta' }, h.outlet || '', h.published ? ' · ' + day(h.published) : ''),
      snippet(h.snippet)))));
}

// ---- routing ---------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const [name, ...rest] = path.split('/');
  const arg = decodeURIComponent(rest.join('/'));
  for (const a of document.querySelectorAll('nav a'))
    a.classList.toggle('current', a.dataset.nav === (name || 'stories'));
  let done;
  if (name === 'story') done = storyView(arg);
  else if (name === 'article') done = articleView(arg);
  else if (name === 'topic') done = topicView(arg);
  else if (name === 'entities') done = entitiesView(params);
  else if (name === 'search') done = searchView(params);
  else done = storiesView(params);
  done.catch(showError);
}

document.getElementById('search-form').addEventListener('submit', e => {
  e.preventDefault();
  const p = new URLSearchParams({ q: document.getElementById('search-input').value.trim() });
  // a new query keeps the narrowing shown with the last one
  for (const k of SEARCH_FILTERS) {
    const f = document.getElementById('search-' + k);
    if (f && f.value.trim()) p.set(k, f.value.trim());
  }
  location.hash = '#/search?' + p;
});
window.addEventListener('hashchange', route);
route();
