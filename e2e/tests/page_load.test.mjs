// The built page loads cleanly: widget visible, both lifelines with their
// states, zero console errors, zero failed requests, no other origin, and
// exactly the files the size gate counts as a visit; a screenshot for people.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';
import { VISIT } from '../lib/sizes.mjs';

test('page loads, widget visible, no errors, no failed requests', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const problems = watch(page);
  const requested = new Set();
  page.on('request', (req) => requested.add(req.url()));
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  // The size gate counts exactly what a visit downloads: keep its list true.
  const files = [...requested].map((u) => {
    assert.ok(u.startsWith(baseUrl), `a request to another origin: ${u}`);
    return new URL(u).pathname.slice(1) || 'index.html';
  });
  assert.deepEqual([...new Set(files)].sort(), [...VISIT, 'content/en.txt'].sort());
  assert.equal(await page.locator('.tcpw-lifeline-svg').count(), 2);
  const state = (side) => page.locator(`.tcpw-outer[data-side=${side}] .tcpw-state-label`).first().textContent();
  assert.equal(await state('client'), 'CLOSED');
  assert.equal(await state('server'), 'LISTEN');
  await screenshot(page, 'page-load-desktop');
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [locale, query, lang] of [
  ['zh-CN', '', 'zh'],
  ['en-US', '?lang=zh', 'zh'],
  ['zh-CN', '?lang=en', 'en'],
]) {
  test(`a visit fetches only the language it speaks (${locale} browser${query ? `, ${query}` : ''})`, async ({ browser, baseUrl }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale });
    const texts = [];
    page.on('request', (req) => /content\//.test(req.url()) && texts.push(new URL(req.url()).pathname.slice(1)));
    await page.goto(`${baseUrl}index.html${query}`, { waitUntil: 'load' });
    await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
    await framesGone(page);
    await page.waitForTimeout(300);
    assert.deepEqual(texts, [`content/${lang}.txt`]);
    assert.equal(await page.locator('.tcpw-root .tcpw').getAttribute('lang'), lang === 'zh' ? 'zh-CN' : 'en');
    await page.close();
  });
}

test('texts that cannot be loaded become a visible notice, not a blank or frozen widget', async ({ browser, baseUrl }) => {
  // One language fails: the widget speaks the other and says why.
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, locale: 'en-US' });
  await page.route('**/content/en.txt', (route) => route.fulfill({ status: 404, body: 'gone' }));
  // A slow second language: the moment between the failure and the fallback
  // (a loading card with the notice) is always there to be seen.
  await page.route('**/content/zh.txt', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.goto(baseUrl, { waitUntil: 'load' });
  const notice = page.locator('.tcpw-notice');
  await notice.waitFor({ state: 'visible', timeout: 10000 });
  // The notice shows first in the loading card, while the other language's
  // texts are still on their way: wait for the widget that speaks it.
  const widget = page.locator('.tcpw-root .tcpw:not(.tcpw-loading)');
  await widget.waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await widget.getAttribute('lang'), 'zh-CN', 'the other language');
  assert.match(await widget.locator('.tcpw-notice').innerText(), /content\/en\.txt: .*404/);
  await page.close();

  // Both fail: a notice, no longer busy, with a retry.
  const both = await browser.newPage({ viewport: { width: 1000, height: 700 }, locale: 'en-US' });
  await both.route('**/content/*.txt', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await both.goto(baseUrl, { waitUntil: 'load' });
  const failed = both.locator('.tcpw-loading .tcpw-notice');
  await failed.waitFor({ state: 'visible', timeout: 10000 });
  assert.match(await failed.innerText(), /404/);
  assert.equal(await both.locator('.tcpw-loading').getAttribute('aria-busy'), 'false', 'no longer busy: it failed');
  assert.equal(await both.locator('.tcpw-retry').count() > 0, true, 'a retry is offered');
  await both.close();
});
