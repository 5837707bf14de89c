// Widgets on living pages (issue 13): any number of widgets of one language
// all come alive, in a Chinese and an English browser; a widget removed from
// the page stops every animation frame; one added later mounts; the
// mount/unmount API works; texts that fail (404, 500, an HTML page, no
// answer) leave a usable widget in the other language with a retry; a host's
// inherited CSS cannot hide or disable it; a share link of a scenario at the
// length limit reads back; a link with the most injections keeps the page
// answering; the picker follows a deep dive's Play.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';

/** A host page served from the bundle's own origin (the loader needs it). */
async function hostPage(browser, baseUrl, body, { locale = 'en-US', viewport = { width: 1100, height: 900 }, route } = {}) {
  const page = await browser.newPage({ viewport, locale });
  const problems = watch(page);
  await page.route(`${baseUrl}host.html`, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>${body}<script type="module" src="tcp-widget-embed.js"></script></body></html>`,
    }),
  );
  if (route) await route(page);
  await page.goto(`${baseUrl}host.html`, { waitUntil: 'load' });
  return { page, problems };
}

/** Waits until `n` widgets have drawn their timeline (inside their shadow
 * roots; a prerendered first frame is not the widget). */
async function drawn(page, n, timeout = 15000) {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-tcp-widget]')].filter(
        (h) => h.shadowRoot?.querySelector('.tcpw-root .tcpw-svg') && !h.shadowRoot.querySelector('.tcpw-prerender'),
      ).length >= n,
    n,
    { timeout },
  );
}

for (const [locale, lang] of [
  ['zh-CN', 'zh'],
  ['en-US', 'en'],
]) {
  test(`2, 3 and 20 widgets of one language all come alive (${locale} browser)`, async ({ browser, baseUrl }) => {
    for (const n of [2, 3, 20]) {
      const hosts = Array.from({ length: n }, (_, i) => `<div data-tcp-widget data-lang="${lang}" id="w${i}"></div>`).join('');
      const { page, problems } = await hostPage(browser, baseUrl, hosts, { locale });
      await drawn(page, n);
      const langs = await page.evaluate(() =>
        [...document.querySelectorAll('[data-tcp-widget]')].map((h) => h.shadowRoot.querySelector('.tcpw')?.lang),
      );
      assert.equal(langs.filter((l) => l?.startsWith(lang)).length, n, `${n} widgets: ${langs}`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });
}

test('plain widgets without a language, mixed with Chinese ones, in a Chinese browser', async ({ browser, baseUrl }) => {
  const body = '<div data-tcp-widget></div><div data-tcp-widget data-lang="zh"></div><div data-tcp-widget data-lang="en"></div><div data-tcp-widget></div>';
  const { page, problems } = await hostPage(browser, baseUrl, body, { locale: 'zh-CN' });
  await drawn(page, 4);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Counts requestAnimationFrame calls made by the page, from its start. */
const countFrames = () => {
  globalThis.__frames = 0;
  const raf = globalThis.requestAnimationFrame.bind(globalThis);
  globalThis.requestAnimationFrame = (cb) => {
    globalThis.__frames += 1;
    return raf(cb);
  };
};

test('a widget removed from the page stops its animation frames; one added later mounts', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = watch(page);
  await page.addInitScript(countFrames);
  await page.route(`${baseUrl}host.html`, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>
        <div id="a" data-tcp-widget data-lang="en" data-scenario="free"></div>
        <div id="b" data-tcp-widget data-lang="en" data-autoplay="1"></div>
        <script type="module" src="tcp-widget-embed.js"></script></body></html>`,
    }),
  );
  await page.goto(`${baseUrl}host.html`);
  await drawn(page, 2);
  await page.waitForTimeout(300);
  const playing = await page.evaluate(() => globalThis.__frames);
  assert.ok(playing > 5, `free mode and autoplay run frames (${playing})`);
  await page.evaluate(() => {
    document.getElementById('a').remove();
    document.getElementById('b').remove();
  });
  await page.waitForTimeout(200);
  const before = await page.evaluate(() => globalThis.__frames);
  await page.waitForTimeout(800);
  const after = await page.evaluate(() => globalThis.__frames);
  assert.ok(after - before <= 1, `no frame requested after removal (${after - before} in 800 ms)`);
  assert.equal(await page.evaluate(() => globalThis.tcpWidget.wasm && document.querySelectorAll('[data-tcp-widget]').length), 0);

  // A host added later is mounted; the API mounts and unmounts on request.
  await page.evaluate(() => {
    const late = Object.assign(document.createElement('div'), { id: 'late' });
    late.setAttribute('data-tcp-widget', '');
    late.setAttribute('data-lang', 'zh');
    document.body.append(late);
  });
  await drawn(page, 1);
  await page.evaluate(() => {
    const el = Object.assign(document.createElement('section'), { id: 'api' });
    document.body.append(el);
    globalThis.tcpWidget.mount(el, { scenario: 'lost-syn', lang: 'en' });
  });
  await drawn(page, 2);
  assert.equal(
    await page.evaluate(() => document.getElementById('api').shadowRoot.querySelector('.tcpw-title').textContent),
    await page.evaluate(() => document.getElementById('api').shadowRoot.querySelector('.tcpw-picker option:checked').textContent),
  );
  await page.evaluate(() => globalThis.tcpWidget.unmount(document.getElementById('api')));
  assert.equal(await page.evaluate(() => document.getElementById('api').shadowRoot.childElementCount), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [name, reply] of [
  ['404', { status: 404, body: 'gone' }],
  ['500', { status: 500, body: 'oops' }],
  ['an HTML page (captive portal)', { status: 200, contentType: 'text/html', body: '<html><body>Please log in</body></html>' }],
  ['a file cut short', { status: 200, body: '@ui.widget_label\nTCP\n@ui.client\nClient' }],
]) {
  test(`Chinese texts that fail (${name}): the widget works in English and offers a retry`, async ({ browser, baseUrl }) => {
    let serveChinese = false;
    const { page } = await hostPage(browser, baseUrl, '<div data-tcp-widget data-lang="zh"></div>', {
      route: (p) =>
        p.route('**/content/zh.txt', (r) => (serveChinese ? r.continue() : r.fulfill({ contentType: 'text/plain', ...reply }))),
    });
    await drawn(page, 1);
    const host = page.locator('[data-tcp-widget]');
    assert.equal(await host.locator('.tcpw').getAttribute('lang'), 'en', 'fell back to English');
    assert.match(await host.locator('.tcpw-notice').innerText(), /could not be loaded/);
    // Usable: stepping works.
    await host.locator('.tcpw-transport button').nth(3).click();
    assert.notEqual(await host.locator('.tcpw-clock').innerText(), '');
    // The server is back: retry brings Chinese.
    serveChinese = true;
    await host.locator('.tcpw-retry').click();
    await page.waitForFunction(() => document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw').lang === 'zh-CN');
    await page.close();
  });
}

test('Chinese texts that never answer: after the timeout the widget works in English', async ({ browser, baseUrl }) => {
  const { page } = await hostPage(browser, baseUrl, '<div data-tcp-widget data-lang="zh"></div>', {
    route: (p) => p.route('**/content/zh.txt', () => {}),
  });
  await drawn(page, 1, 20000);
  assert.equal(await page.locator('[data-tcp-widget] .tcpw-root .tcpw').getAttribute('lang'), 'en');
  assert.equal(await page.locator('[data-tcp-widget] .tcpw-prerender').count(), 0, 'the first frame gave way');
  assert.match(await page.locator('[data-tcp-widget] .tcpw-notice').innerText(), /timed out/);
  await page.close();
});

test("a host's inherited CSS cannot hide or disable the widget", async ({ browser, baseUrl }) => {
  const body = `<style>body { -webkit-text-fill-color: transparent; stroke: red; writing-mode: vertical-rl;
      pointer-events: none; visibility: hidden; letter-spacing: 9px; color: transparent; fill: red; }</style>
    <div data-tcp-widget data-lang="en" style="visibility: visible; width: 1000px"></div>`;
  // (The page gives the widget its box, as any embed does; everything the
  // widget inherits through it is what is hostile here.)
  const { page, problems } = await hostPage(browser, baseUrl, body);
  await drawn(page, 1);
  const w = page.locator('[data-tcp-widget] .tcpw');
  const style = await w.evaluate((el) => {
    const s = getComputedStyle(el);
    return { fill: s.webkitTextFillColor, mode: s.writingMode, events: s.pointerEvents, vis: s.visibility };
  });
  assert.equal(style.mode, 'horizontal-tb');
  assert.equal(style.events, 'auto');
  assert.equal(style.vis, 'visible');
  assert.notEqual(style.fill, 'rgba(0, 0, 0, 0)');
  // Clickable: the step button moves the clock.
  const clock = page.locator('[data-tcp-widget] .tcpw-clock');
  const before = await clock.innerText();
  // (The first step goes from before time starts to 0 ms: step twice.)
  await page.locator('[data-tcp-widget] .tcpw-transport button').nth(3).click();
  await page.locator('[data-tcp-widget] .tcpw-transport button').nth(3).click();
  assert.notEqual(await clock.innerText(), before);
  await screenshot(page, 'host-css-hostile');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the share link of a scenario near the length limit reads back', async ({ browser, baseUrl }) => {
  // A custom scenario that is long written out (a program of 99 calls, 64
  // drop rules, actions).
  const calls = Array.from({ length: 48 }, () => 'send 10, recv 5').join(', ');
  const server = Array.from({ length: 48 }, () => 'recv 10, send 5').join(', ');
  const drops = Array.from({ length: 60 }, (_, i) => `drop client ACK ${i + 20}`).join('\n');
  const text = `client isn=1000 | connect, ${calls}, close\nserver isn=8000 | listen, accept, ${server}, recv eof, close\n${drops}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const problems = watch(page);
  await page.goto(`${baseUrl}?scenario=${encodeURIComponent(text)}&step=5`);
  await page.locator('.tcpw-root .tcpw-svg').waitFor();
  await framesGone(page);
  assert.equal(await page.locator('.tcpw-notice').count(), 0, 'accepted');
  await page.locator('.tcpw-share button').first().click();
  const link = await page.locator('.tcpw-share-link').inputValue();
  assert.ok(link.length > 3000, `a long link (${link.length} characters)`);
  await page.goto(link);
  await page.locator('.tcpw-root .tcpw-svg').waitFor();
  await framesGone(page);
  assert.equal(await page.locator('.tcpw-notice').count(), 0, 'the link the widget wrote is read back');
  assert.equal(await page.locator('.tcpw-clock').innerText(), await page.locator('.tcpw-clock').innerText());
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with the most injections keeps the page answering within a second per action', async ({ browser, baseUrl }) => {
  const injections = Array.from({ length: 32 }, (_, i) => `inject ${i} spoofed server SYN seq=5000 count=31 every=1`).join('\n');
  const text = `client isn=1 | connect, close\nserver isn=2 backlog=1024 | listen, accept, recv eof, close, sleep 3600000\ntcp synack_retries=20\n${injections}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const problems = watch(page);
  const t0 = Date.now();
  await page.goto(`${baseUrl}?scenario=${encodeURIComponent(text)}&step=1`);
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ timeout: 20000 });
  await framesGone(page);
  const load = Date.now() - t0;
  const timings = [];
  for (let i = 0; i < 5; i++) {
    const t = Date.now();
    await page.locator('.tcpw-transport button').nth(3).click();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    timings.push(Date.now() - t);
  }
  console.log(`       worst link: load ${load} ms, steps ${timings.join(', ')} ms`);
  assert.ok(Math.max(...timings) < 1000, `each step answers within 1 s: ${timings}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the picker shows the scenario that runs after a deep dive's Play", async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await page.goto(baseUrl);
  await page.locator('.tcpw-root .tcpw-svg').waitFor();
  await framesGone(page);
  await page.locator('.tcpw-picker select').selectOption('lost-fin');
  await page.locator('.tcpw-picker select').selectOption('abort');
  const dive = page.locator('[data-dive=why-three]');
  await dive.locator('summary').click();
  await dive.locator('.tcpw-dive-play').click();
  assert.equal(await page.locator('.tcpw-picker select').inputValue(), 'old-duplicate-syn');
  await page.close();
});
