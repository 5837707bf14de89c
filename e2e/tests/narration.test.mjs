// The narration panel on the built page: it follows the timeline, toggles
// technical ⇄ analogy, keeps its choices when the language changes mid-run,
// and the deep-dive questions load their scenario. Screenshots in English
// and Chinese, desktop and phone, light and dark, go to target/e2e/.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot } from '../lib/browser.mjs';

/** The text of the narration's latest instant (the prominent lines). */
const current = (page) => page.locator('.tcpw-narr-now').innerText();
const live = (page) => page.locator('.tcpw-narration [aria-live=polite]').textContent();

/** The latest instant's text once it matches `re` (the analogies' lines are
 * fetched when the learner first asks for them: a few milliseconds). */
async function currentMatching(page, re, timeout = 5000) {
  const until = Date.now() + timeout;
  let text = await current(page);
  while (!re.test(text) && Date.now() < until) {
    await page.waitForTimeout(50);
    text = await current(page);
  }
  return text;
}

async function open(browser, { baseUrl, ...options }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', ...options });
  const problems = watch(page);
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-narration').waitFor({ state: 'visible', timeout: 10000 });
  return { page, problems };
}

async function step(page, times = 1) {
  for (let i = 0; i < times; i++) await page.locator('.tcpw-transport button').nth(3).click();
}

test('narration follows the steps, toggles technical ⇄ analogy and survives a language switch', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, { baseUrl });
  const panel = page.locator('.tcpw-narration');
  assert.equal(await panel.getAttribute('data-mode'), 'technical');
  assert.match(await current(page), /listen\(\)/, 'before time starts: the server listens');

  await step(page); // t = 0: connect() and the SYN
  assert.match(await current(page), /SYN seq=1000/);
  // The SYN line's details: closed, then opened by its button (the first
  // fetches the deferred texts), with the run's own numbers.
  const synLine = page.locator('.tcpw-narration li', { hasText: 'SYN seq=1000' });
  const synMore = synLine.locator('.tcpw-said-toggle');
  assert.equal(await synMore.getAttribute('aria-expanded'), 'false');
  assert.equal(await synLine.locator('.tcpw-said-more p').count(), 0, 'closed: no details shown');
  await synMore.click();
  await synLine.locator('.tcpw-said-more p', { hasText: 'MSS 1460' }).waitFor({ timeout: 8000 });
  assert.equal(await synMore.getAttribute('aria-expanded'), 'true');
  assert.match(await synLine.locator('.tcpw-said-more').innerText(), /one sequence number/);
  await step(page); // t = 100: SYN arrives, SYN,ACK goes out
  // The opened line moved to the log and is still open; its button closes it.
  const logged = page.locator('.tcpw-narr-log li', { hasText: 'SYN seq=1000' });
  assert.equal(await logged.locator('.tcpw-said-toggle').getAttribute('aria-expanded'), 'true', 'still open in the log');
  assert.match(await logged.locator('.tcpw-said-more').innerText(), /MSS 1460/);
  await logged.locator('.tcpw-said-toggle').click();
  assert.equal(await logged.locator('.tcpw-said-toggle').getAttribute('aria-expanded'), 'false');
  assert.equal(await logged.locator('.tcpw-said-more p').count(), 0, 'closed again');
  const synAck = await current(page);
  assert.match(synAck, /SYN,ACK/);
  assert.match(synAck, /ack=1001/);
  assert.match(synAck, /seq=8000/);
  assert.match(await page.locator('.tcpw-narr-log').innerText(), /SYN seq=1000/, 'earlier lines move to the log');
  const mirrored = await live(page);
  const newest = await page.locator('.tcpw-narr-current .tcpw-said-text').last().innerText();
  assert.equal(mirrored.trim(), newest.trim(), 'a screen reader hears the newest line only');
  assert.doesNotMatch(mirrored, /SYN seq=1000/, 'not the earlier ones');

  await page.locator('[data-set-mode=analogy]').click();
  assert.equal(await panel.getAttribute('data-mode'), 'analogy');
  assert.match(await currentMatching(page, /瞅你咋的/), /瞅你咋的/, 'the stand-off is the default analogy');
  assert.match(await page.locator('.tcpw-breaks').innerText(), /Where this analogy breaks/);
  await page.locator('.tcpw-theme select').selectOption('phone');
  assert.match(await currentMatching(page, /I can hear you/), /I can hear you/);
  await screenshot(page, 'narration-analogy-en');

  // Switch language mid-run: the mode and theme stay. The widget switches
  // once the other language's texts have arrived.
  await page.locator('.tcpw-lang').click();
  await page.locator('.tcpw[lang="zh-CN"]').waitFor();
  assert.match(await currentMatching(page, /听得到！你听得到我吗？/), /听得到！你听得到我吗？/);
  assert.equal(await page.locator('[data-set-mode=analogy]').getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator('[data-set-mode=analogy]').innerText(), /比喻/);
  assert.match(await page.locator('.tcpw-breaks').innerText(), /这个比喻哪里不成立/);
  await step(page); // t = 200: the third segment
  assert.match(await current(page), /听得很清楚/);
  await screenshot(page, 'narration-analogy-zh');

  await page.locator('[data-set-mode=technical]').click();
  const zh = await current(page);
  assert.match(zh, /第三次握手的 ACK/);
  assert.match(zh, /ack=8001/);
  assert.equal(await page.locator('.tcpw-breaks').count(), 0, 'no analogy note in technical mode');
  await screenshot(page, 'narration-technical-zh');

  await page.locator('.tcpw-lang').click();
  await page.locator('.tcpw[lang="en"]').waitFor();
  assert.match(await current(page), /third segment: ACK ack=8001/);
  await screenshot(page, 'narration-technical-en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a dropped segment is narrated with the new run, and the choices survive a scenario switch', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, { baseUrl });
  await step(page); // t = 0: the SYN is on the wire
  await page.locator('.tcpw-seg').first().focus();
  await page.keyboard.press('d');
  assert.match(await current(page), /You dropped SYN seq=1000/);
  await page.locator('[data-set-mode=analogy]').click();
  await page.locator('.tcpw-theme select').selectOption('capability');
  assert.match(await currentMatching(page, /never arrived/), /never arrived/);
  await page.locator('.tcpw-controls select').first().selectOption('lost-fin');
  await step(page);
  assert.match(await current(page), /Is my sending OK\?/, 'analogy and theme kept after switching scenario');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a line once said keeps its words while the log grows under play (SYN flood)', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, { baseUrl });
  await page.locator('.tcpw-controls select').first().selectOption('syn-flood');
  await step(page, 4);
  // The lines in the log now, as elements: the same elements must keep the
  // same words (Yew matches unkeyed lists from the end: a line added at the
  // bottom used to rewrite every line above it, on every new instant).
  const before = await page.evaluate(() => {
    const log = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-narr-log');
    window.__kept = [...log.children];
    return window.__kept.map((li) => li.textContent);
  });
  assert.ok(before.length >= 3, `some lines in the log before playing: ${before.length}`);
  await page.locator('.tcpw-play').click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-narr-log').children.length >= n + 10,
    before.length,
    { timeout: 20000 },
  );
  await page.locator('.tcpw-play').click();
  const after = await page.evaluate(() => {
    const log = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-narr-log');
    return {
      kept: window.__kept.map((li) => (li.isConnected ? li.textContent : null)),
      first: [...log.children].slice(0, window.__kept.length).map((li) => li.textContent),
      total: log.children.length,
    };
  });
  assert.ok(after.total >= before.length + 10, `the log grew: ${before.length} → ${after.total}`);
  assert.deepEqual(after.kept, before, 'every line already shown still shows its own words');
  assert.deepEqual(after.first, before, 'and the log still begins with them, in order');
  assert.deepEqual(problems, []);
  await page.close();
});

test('deep-dive questions open and play their scenario', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, { baseUrl });
  const dives = page.locator('.tcpw-dive');
  assert.equal(await dives.count(), 15);
  const why3 = page.locator('[data-dive=why-three]');
  await why3.locator('summary').click();
  // The answer comes with the deferred texts, fetched on this first click.
  const until = Date.now() + 5000;
  while (!/old/.test(await why3.innerText()) && Date.now() < until) await page.waitForTimeout(50);
  assert.match(await why3.innerText(), /old/);
  await why3.locator('.tcpw-dive-play').click();
  assert.equal(await page.locator('.tcpw-controls select').first().inputValue(), 'old-duplicate-syn');
  await page.locator('.tcpw-play[aria-pressed=false]').waitFor({ timeout: 20000 }); // played to the end
  assert.match(await page.locator('.tcpw-narration').innerText(), /RST seq=91/);
  const flood = page.locator('[data-dive=syn-flood]');
  await flood.locator('summary').click();
  assert.equal(await flood.locator('code').first().innerText(), 'ss -tan state syn-recv');
  await screenshot(page, 'deep-dives-en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('narration on a 320 px phone, in Chinese, light and dark', async ({ browser, baseUrl }) => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems } = await open(browser, {
      baseUrl,
      viewport: { width: 320, height: 720 },
      locale: 'zh-CN',
      colorScheme,
    });
    assert.match(await page.locator('.tcpw-narr-title').innerText(), /正在发生什么/);
    await step(page, 3);
    await page.locator('[data-set-mode=analogy]').click();
    await page.locator('.tcpw-breaks').waitFor();
    const box = await page.locator('.tcpw-narration').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `the panel fits a 320 px screen: ${JSON.stringify(box)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 320, `no sideways scrolling (${overflow} px)`);
    await screenshot(page, `narration-phone-zh-${colorScheme}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
