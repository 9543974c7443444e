// The page of `marsad serve` in a real browser (Debian's Chromium, driven by
// playwright-core): node serve.mjs BASE_URL [SCREENSHOT_DIR]
//
// BASE_URL serves a store of the sample articles (tests/e2e/serve_browser.sh
// makes it). Walks what a reader does — the story list, a story with its
// summary, cast and quotes, its topic, an article with its copied passages and names
// marked, the names with every spelling, a search and its narrowing by
// date — and checks each view's
// content, that the page is right to left, and that no script error or
// failed request happened on the way. Exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, shots] = process.argv.slice(2);
assert.ok(base, 'usage: node serve.mjs BASE_URL [SCREENSHOT_DIR]');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', e => problems.push('script error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('response', r => { if (r.status() >= 400) problems.push(r.status() + ' ' + r.url()); });
  const shot = async name => { if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }); };

  // The story list, newest first; the page reads right to left.
  await page.goto(base + '/');
  await page.waitForSelector('#stories .story');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.locator('#stories .story').count(), 5, 'the five sample stories');
  assert.match(await page.locator('#stories .story').first().innerText(), /واشنطن وموسكو تجريان محادثات/);
  await shot('stories');

  // A story: its headline, its summary with sources, its cast and quotes.
  await page.locator('#stories .story a', { hasText: 'في خطوة مفاجئة' }).click();
  await page.waitForSelector('.summary');
  assert.match(await page.locator('h1').innerText(), /أكد “الكرملين”، مساء الإثنين، إجراء محادثات/);
  assert.ok(await page.locator('.summary li').count() >= 2, 'a summary');
  assert.ok(await page.locator('.summary li .sources a').count() >= 2, 'sources of the summary');
  const cast = await page.locator('.cast').innerText();
  assert.match(cast, /سيرغي ناريشكين|سيرجي ناريشكين/);
  assert.ok(await page.locator('.quotes li').count() >= 1, 'quotes');
  await shot('story');

  // Its topic: the thread of the five samples' stories, summarized.
  await page.click('#topic-link');
  await page.waitForSelector('#topic-stories li');
  assert.equal(await page.locator('#topic-stories li').count(), 5, 'the topic\'s stories');
  assert.ok(await page.locator('.summary li').count() >= 1, 'the topic\'s summary');
  await shot('topic');

  // An article: copied passages marked and named, entities underlined.
  await page.goto(base + '/#/article/' + encodeURIComponent('003_f13009966aefca6f'));
  await page.waitForSelector('.article-text');
  const copies = page.locator('.article-text mark.copy');
  assert.ok(await copies.count() >= 1, 'a copied passage is marked');
  assert.match(await copies.first().getAttribute('title'), /^منقول من /);
  assert.ok(await page.locator('.legend li').count() >= 1, 'the sources of the copies');
  assert.ok(await page.locator('.article-text .ent.PER').count() >= 3, 'people are marked');
  await shot('article');

  // Names: one entity for every spelling of Brittney Griner.
  await page.goto(base + '/#/entities?type=PER');
  await page.waitForSelector('#entities .entity');
  await page.fill('#spelled', 'غراينير');
  await page.press('#spelled', 'Enter');
  await page.waitForFunction(() => /غراينير/.test(decodeURIComponent(location.hash)) &&
    document.querySelectorAll('#entities .entity').length === 1);
  const griner = await page.locator('#entities .entity').innerText();
  for (const spelling of ['بريتني جرينر', 'بريتني غراينير', 'بريتني غرينر'])
    assert.ok(griner.includes(spelling), spelling);
  await shot('entities');

  // Search from the header: hits with the matched words marked.
  await page.fill('#search-input', 'ناريشكين');
  await page.press('#search-input', 'Enter');
  await page.waitForSelector('#hits .hit');
  assert.ok(await page.locator('#hits .hit').count() >= 2, 'search hits');
  assert.match(await page.locator('#hits .snippet mark').first().innerText(), /ناريشكين/);
  await shot('search');

  // Narrowed to a span of dates: only the dated article, published then.
  await page.fill('#search-input', 'بوتين');
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => /بوتين/.test(document.querySelector('h1').textContent));
  const all = await page.locator('#hits .hit').count();
  await page.fill('#search-since', '2021-12-01');
  await page.fill('#search-until', '2021-12-31');
  await page.click('#search-filters button[type=submit]');
  await page.waitForFunction(() => /since=2021-12-01/.test(location.hash) &&
    document.querySelectorAll('#hits .hit').length === 1);
  assert.ok(all > 1, 'the query alone finds more');
  assert.match(await page.locator('#hits .hit .meta').innerText(), /2021/);

  assert.deepEqual(problems, [], 'no script error or failed request');

  // A story that does not exist says so (its request fails, as it should).
  await page.goto(base + '/#/story/999999');
  await page.waitForSelector('.error');
  assert.match(await page.locator('.error').innerText(), /no such story/);
  assert.ok(problems.every(p => /404/.test(p)), problems.join('; '));
} finally {
  await browser.close();
}
console.log('browser: all views checked');
