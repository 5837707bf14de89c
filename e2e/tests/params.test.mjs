// URL parameters on the built page: each one does what the README says, a
// share link reproduces the diagram (the learner's drop included), and
// malformed or hostile values get a notice naming the parameter while the
// widget falls back to its defaults and no value ever runs as script.
import { test, assert } from '../lib/harness.mjs';
import { watch, framesGone } from '../lib/browser.mjs';

const SCENARIO = '.tcpw-picker select';
const clock = (page) => page.locator('.tcpw-clock').innerText();
const widget = (page) => page.locator('.tcpw').first();

async function open(browser, baseUrl, query, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', ...options });
  const problems = watch(page);
  await page.goto(`${baseUrl}index.html${query}`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  return { page, problems };
}

/** The clock shown after `query`, on a fresh page. */
async function clockOf(browser, baseUrl, query) {
  const { page } = await open(browser, baseUrl, query);
  const text = await clock(page);
  await page.close();
  return text;
}

async function next(page, times = 1) {
  for (let i = 0; i < times; i++) await page.click('button[aria-label="Next event"]');
}

test('each URL parameter sets what it names', async ({ browser, baseUrl }) => {
  // scenario, lang, mode, analogy, speed, theme, compact, embed in one go
  {
    const { page, problems } = await open(
      browser,
      baseUrl,
      '?scenario=lost-fin&lang=zh&mode=analogy&analogy=phone&speed=4&theme=dark&compact=1&embed=1',
    );
    assert.equal(await page.locator(SCENARIO).inputValue(), 'lost-fin');
    assert.equal(await widget(page).getAttribute('lang'), 'zh-CN');
    assert.match(await page.locator('.tcpw-transport').innerText(), /速度/);
    const narration = page.locator('.tcpw-narration');
    assert.equal(await narration.getAttribute('data-mode'), 'analogy');
    assert.equal(await narration.getAttribute('data-analogy'), 'phone');
    assert.equal(await page.locator('.tcpw-speed select option:checked').innerText(), '4×');
    assert.equal(await widget(page).getAttribute('data-scheme'), 'dark');
    assert.match(await widget(page).getAttribute('class'), /\btcpw-compact\b/);
    assert.equal(await page.locator('.tcpw-share').isVisible(), false, 'compact hides the share row');
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-embed')), true);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).paddingTop), '0px');
    assert.equal(await page.locator('.tcpw-notice').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  }
  // theme=light wins over a dark system preference; reduced motion is honoured
  {
    const { page } = await open(browser, baseUrl, '?theme=light', { colorScheme: 'dark', reducedMotion: 'reduce' });
    assert.equal(await widget(page).getAttribute('data-scheme'), 'light');
    assert.equal(await widget(page).getAttribute('data-motion'), 'reduced');
    await page.close();
  }
  // With no theme the widget follows the system's scheme, also after the
  // system switches while the page is open (the query is made once per
  // page and asked again at each render: here the next step's).
  {
    const { page } = await open(browser, baseUrl, '', { colorScheme: 'light' });
    assert.equal(await widget(page).getAttribute('data-scheme'), 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await next(page);
    assert.equal(await widget(page).getAttribute('data-scheme'), 'dark');
    await page.close();
  }
  // step and t: the clock starts where they say
  {
    const { page } = await open(browser, baseUrl, '');
    await next(page, 3);
    const third = await clock(page);
    await page.close();
    assert.equal(await clockOf(browser, baseUrl, '?step=3'), third);
    assert.match(await clockOf(browser, baseUrl, '?t=150'), /^150 \//);
  }
  // autoplay: playing at once, and time moves
  {
    const { page } = await open(browser, baseUrl, '?autoplay=1&speed=4');
    assert.equal(await page.locator('.tcpw-play').getAttribute('aria-pressed'), 'true');
    const before = await clock(page);
    await page.waitForTimeout(600);
    assert.notEqual(await clock(page), before, 'the clock runs');
    await page.close();
  }
  // act: the learner's drop of segment 0 (the SYN) at 0 ms is replayed
  {
    const { page } = await open(browser, baseUrl, `?scenario=handshake-and-close&act=${encodeURIComponent('0 drop 0')}&step=4`);
    assert.equal(await page.locator('.tcpw-seg[data-segment="0"].tcpw-dropped').count(), 1);
    assert.equal(await page.locator('.tcpw-notice').count(), 0);
    await page.close();
  }
  // range: the lesson stays within steps 3..5
  {
    const at3 = await clockOf(browser, baseUrl, '?step=3');
    const at5 = await clockOf(browser, baseUrl, '?step=5');
    const { page } = await open(browser, baseUrl, '?range=3-5');
    assert.equal(await clock(page), at3, 'the lesson starts at its first step');
    assert.equal(await page.locator('.tcpw-bounds').innerText(), 'This lesson shows steps 3 to 5.', 'its bounds are said');
    assert.equal(await page.locator('.tcpw-picker').count(), 0, 'no picker leads out of it');
    assert.equal(await page.locator('[data-learn="lessons"], [data-learn="challenges"]').count(), 0, 'nor a lesson list');
    assert.equal(await page.locator('[data-learn="predict"]').count(), 1, 'predicting stays');
    await next(page, 6);
    assert.equal(await clock(page), at5, 'stepping stops at its last step');
    await page.click('button[aria-label="Restart"]');
    assert.equal(await clock(page), at3, 'restart goes back to its first step');
    await page.close();
  }
  // a scenario in text form
  {
    const text = 'client | connect, close\nserver | listen, accept, recv eof, close\ndrop client SYN 1';
    const { page } = await open(browser, baseUrl, `?scenario=${encodeURIComponent(text)}&step=3`);
    assert.equal(await page.locator('.tcpw-notice').count(), 0);
    assert.equal(await page.locator('.tcpw-seg.tcpw-dropped').count(), 1, 'its drop rule applies');
    await page.close();
  }
});

test('a share link reproduces the diagram, the drop included', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl, '?lang=en&mode=technical');
  await next(page);
  await page.locator('.tcpw-seg[data-segment="0"].tcpw-inflight').click(); // drop the SYN
  await page.locator('.tcpw-seg[data-segment="0"].tcpw-dropped').waitFor();
  await page.keyboard.press('Escape'); // the selection is a passing highlight, not part of the lesson
  await next(page, 4);
  await page.selectOption('.tcpw-speed select', { label: '2×' });
  const diagram = await page.locator('.tcpw-svg').innerHTML();
  const narration = await page.locator('.tcpw-narr-now').innerText();
  const time = await clock(page);
  await page.click('[data-share="toggle"]');
  const link = await page.locator('.tcpw-share-link').inputValue();
  assert.ok(link.startsWith(baseUrl), `the link points at this page: ${link}`);
  assert.match(link, /[?&]act=/, 'the drop is in the link');

  const copy = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const copyProblems = watch(copy);
  await copy.goto(link, { waitUntil: 'load' });
  await copy.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible' });
  assert.equal(await clock(copy), time);
  assert.ok((await copy.locator('.tcpw-svg').innerHTML()) === diagram, 'the same diagram');
  assert.equal(await copy.locator('.tcpw-narr-now').innerText(), narration);
  assert.equal(await copy.locator('.tcpw-speed select option:checked').innerText(), '2×');
  assert.equal(await copy.locator('.tcpw-notice').count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(copyProblems, []);
  await page.close();
  await copy.close();
});

/** [param, value]: each must be refused politely. */
const HOSTILE = [
  ['scenario', '<script>window.__pwned=1</script>'],
  ['scenario', '"><img src=x onerror="window.__pwned=1">'],
  ['scenario', 'no-such-lesson'],
  ['scenario', 'client | connect, launch missiles'],
  ['scenario', 'net delay=0'],
  ['act', '<b>1</b> drop 0'],
  ['act', 'soon drop 1'],
  ['lang', 'javascript:window.__pwned=1'],
  ['lang', 'klingon'],
  ['mode', '<svg onload="window.__pwned=1">'],
  ['analogy', "'><iframe srcdoc='<script>parent.__pwned=1</script>'>"],
  ['step', '-1'],
  ['step', '1e9'],
  ['step', '99999'],
  ['t', 'NaN'],
  ['t', '99999999999'],
  ['speed', 'Infinity'],
  ['speed', '0'],
  ['theme', '<style>*{display:none}</style>'],
  ['autoplay', 'maybe'],
  ['compact', '{{7*7}}'],
  ['range', '9-3'],
  ['range', '${alert(1)}'],
  ['embed', '<iframe>'],
];

test(`${HOSTILE.length} malformed or hostile parameter values: a notice each, defaults, no script`, async ({ browser, baseUrl }) => {
  assert.ok(HOSTILE.length >= 20);
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
  const problems = watch(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  for (const [param, value] of HOSTILE) {
    for (const where of ['?', '#']) {
      const url = `${baseUrl}index.html${where}${param}=${encodeURIComponent(value)}`;
      await page.goto(url, { waitUntil: 'load' });
      await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
      await framesGone(page);
      const notice = page.locator(`.tcpw-notice li[data-param="${param}"]`);
      assert.equal(await notice.count(), 1, `${param}=${value} (${where}) has a notice`);
      const said = await notice.innerText();
      assert.ok(said.includes(param), `the notice names ${param}: ${said}`);
      // Defaults stay: the first scenario, technical narration, English.
      assert.equal(await page.locator(SCENARIO).inputValue(), 'handshake-and-close');
      assert.equal(await widget(page).getAttribute('lang'), 'en');
      assert.equal(await page.locator('.tcpw-narration').getAttribute('data-mode'), 'technical');
      const injected = await page.evaluate(() => {
        const root = document.querySelector('[data-tcp-widget]').shadowRoot;
        return {
          pwned: window.__pwned ?? null,
          elements: root.querySelectorAll('script, iframe, img, b, style:not(:first-child)').length,
        };
      });
      assert.deepEqual(injected, { pwned: null, elements: 0 }, `${param}=${value}: nothing injected`);
    }
  }
  assert.equal(dialogs, 0, 'no dialog opened');
  // The notice can be dismissed, and the widget works on.
  await page.click('.tcpw-notice button');
  assert.equal(await page.locator('.tcpw-notice').count(), 0);
  await next(page, 2);
  assert.deepEqual(problems, []);
  await page.close();
});
