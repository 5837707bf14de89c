// The lesson screen as a learner meets it (issue 14): the ladder first and
// large, following now; keys from page load; a paused dot can be clicked;
// the inspector's table; compact, print and reduced motion do what they say;
// focus never falls out of the widget; and axe-core finds nothing on the page
// and the embed demo, in every state a learner reaches.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';
import { axe } from '../lib/axe.mjs';

async function open(browser, baseUrl, { query = '', viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const page = await browser.newPage({ viewport, locale: 'en-US', ...options });
  const problems = watch(page);
  await page.goto(`${baseUrl}${query}`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  return { page, problems };
}

const clock = (page) => page.locator('.tcpw-clock').innerText();
// What the clock shows after a key: a step can take a frame or two to be
// drawn, so wait (at most 2 s) for the clock to leave `from`, then read it;
// the caller's assertion still decides whether it moved.
async function clockAfter(page, from) {
  await page
    .waitForFunction(
      (f) => document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-clock').textContent !== f,
      from,
      { timeout: 2000 },
    )
    .catch(() => {});
  return clock(page);
}

test('at 1280×800 the ladder starts within the top 260 px and fills most of the screen', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl);
  const box = await page.locator('.tcpw-timeline').boundingBox();
  assert.ok(box.y <= 260, `the ladder starts at ${box.y} px`);
  assert.ok(box.y + box.height >= 700, `and reaches ${box.y + box.height} px of 800`);
  await screenshot(page, 'lesson-1280-light');
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a 390×844 phone the ladder starts on the first screen, the narration below it', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl, { viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const ladder = await page.locator('.tcpw-timeline').boundingBox();
  const narration = await page.locator('.tcpw-narration').boundingBox();
  assert.ok(ladder.y <= 420, `the ladder starts at ${ladder.y} px`);
  assert.ok(narration.y >= ladder.y + ladder.height - 1, 'the narration comes after the ladder');
  await screenshot(page, 'lesson-phone-zh');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the ladder is redrawn for its box when the box changes without the window resizing', async ({ browser, baseUrl }) => {
  // A host page that narrows its content column (a sidebar opening), or a
  // stylesheet laid out after the first render: no resize event comes.
  const { page, problems } = await open(browser, baseUrl);
  const fit = () =>
    page.evaluate(() => {
      const svg = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-root .tcpw-timeline .tcpw-svg');
      return { drawn: Number(svg.getAttribute('width')), box: svg.parentElement.clientWidth };
    });
  const wide = await fit();
  assert.equal(wide.drawn, wide.box, 'drawn for its box at load');
  for (const width of ['700px', '1100px']) {
    await page.evaluate((w) => (document.querySelector('[data-tcp-widget]').style.width = w), width);
    await page.waitForFunction(() => {
      const svg = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-root .tcpw-timeline .tcpw-svg');
      return Number(svg.getAttribute('width')) === svg.parentElement.clientWidth;
    }, null, { timeout: 5000 });
    const now = await fit();
    assert.notEqual(now.box, wide.box, `the box changed (${width})`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('after 12 steps the now-line is inside the visible part of the ladder', async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl);
  for (let i = 0; i < 12; i++) await page.locator('.tcpw-transport button').nth(3).click();
  const seen = await page.evaluate(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    const ladder = root.querySelector('.tcpw-timeline').getBoundingClientRect();
    const now = root.querySelector('.tcpw-now line').getBoundingClientRect();
    return { top: ladder.top, bottom: ladder.bottom, y: now.top };
  });
  assert.ok(seen.y >= seen.top && seen.y <= seen.bottom, `now-line at ${seen.y}, ladder ${seen.top}–${seen.bottom}`);
  // A deep link opens there too.
  const link = await open(browser, baseUrl, { query: '?step=14' });
  const deep = await link.page.evaluate(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    const ladder = root.querySelector('.tcpw-timeline').getBoundingClientRect();
    return { ladder: [ladder.top, ladder.bottom], now: root.querySelector('.tcpw-now line').getBoundingClientRect().top };
  });
  assert.ok(deep.now >= deep.ladder[0] && deep.now <= deep.ladder[1], JSON.stringify(deep));
  await link.page.close();
  await page.close();
});

test('while it plays, the ladder keeps the now-line in view; a learner who scrolled away keeps their view, also when the run ends', async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl);
  const where = () =>
    page.evaluate(() => {
      const root = document.querySelector('[data-tcp-widget]').shadowRoot;
      const box = root.querySelector('.tcpw-root .tcpw-timeline');
      const ladder = box.getBoundingClientRect();
      const now = root.querySelector('.tcpw-root .tcpw-now line').getBoundingClientRect().top;
      const ms = parseInt(root.querySelector('.tcpw-root .tcpw-clock').textContent, 10);
      return { top: ladder.top, bottom: ladder.bottom, y: now, scroll: box.scrollTop, ms };
    });
  await page.keyboard.press('k');
  let w;
  do {
    await page.waitForTimeout(50);
    w = await where();
    assert.ok(w.y >= w.top - 1 && w.y <= w.bottom + 1, `at ${w.ms} ms: now-line at ${w.y}, ladder ${w.top}–${w.bottom}`);
  } while (w.scroll === 0 && w.ms < 2000);
  assert.ok(w.scroll > 0 && w.ms < 2000, `the ladder scrolled to follow by ${w.ms} ms`);
  // The learner scrolls back to the top while it plays: it stays there.
  await page.locator('.tcpw-root .tcpw-timeline').evaluate((el) => el.scrollTo(0, 0));
  await page.waitForTimeout(300);
  w = await where();
  assert.ok(w.ms < 2670, `still playing (${w.ms} ms)`);
  assert.equal(w.scroll, 0, "the learner's view is kept while it plays");
  // The run ends (the clock stops at its end): the view is still kept.
  await page.waitForFunction(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    return root.querySelector('.tcpw-root .tcpw-clock').textContent.startsWith('2670');
  }, null, { timeout: 10000 });
  await page.waitForTimeout(300);
  assert.equal((await where()).scroll, 0, 'the end of the run does not pull the ladder back');
  // A step is the learner's own move: the ladder follows now again.
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(200);
  w = await where();
  assert.ok(w.scroll > 0 && w.y >= w.top - 1 && w.y <= w.bottom + 1, `after a step the now-line is in view: ${JSON.stringify(w)}`);
  await page.close();
});

test('in the SYN flood a gauge shows the SYN queue filling to its backlog; the handshake has none', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl, { query: '?scenario=syn-flood' });
  const gauge = page.locator('.tcpw-root .tcpw-queue');
  const read = async () => ({
    n: Number(await gauge.getAttribute('data-half-open')),
    max: Number(await gauge.getAttribute('data-backlog')),
    meter: Number(await gauge.locator('meter').evaluate((m) => m.value)),
    words: await gauge.innerText(),
  });
  const seen = [];
  for (let i = 0; i < 12; i++) {
    seen.push(await read());
    // Read the next step once it is drawn (a step can take a frame or two:
    // a fresh-clone CI run read one gauge a step late, 0,…,1,1,3,4).
    const from = await clock(page);
    await page.keyboard.press('ArrowRight');
    await clockAfter(page, from);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  const ns = seen.map((r) => r.n);
  // The model's run: four spoofed SYNs arrive 20 ms apart into a backlog of 4.
  assert.deepEqual([...new Set(ns)], [0, 1, 2, 3, 4], `the queue as stepped: ${ns}`);
  for (const r of seen) {
    assert.equal(r.max, 4);
    assert.equal(r.meter, r.n, 'the meter shows the count');
    assert.equal(r.words, `Server's SYN queue (half-open connections): ${r.n} of 4`);
  }
  assert.deepEqual(problems, []);
  await page.close();
  const zh = await open(browser, baseUrl, { query: '?scenario=syn-flood&lang=zh&step=8' });
  assert.match(await zh.page.locator('.tcpw-root .tcpw-queue').innerText(), /^服务器的半连接队列（SYN 队列）：\d\/4$/);
  await zh.page.close();
  const plain = await open(browser, baseUrl, { query: '?step=6' });
  assert.equal(await plain.page.locator('.tcpw-queue').count(), 0, 'no gauge where the queue plays no part');
  await plain.page.close();
});

test('the clock shows its whole time and the scrubber stays usable at the end of every scenario, on a 320 px phone and a desktop', async ({ browser, baseUrl }) => {
  // The clock and the scrubber sit in boxes of a size fixed from the run's
  // end (so the browser lays them out alone on every frame): no time may be
  // cut off or pushed out of the widget.
  for (const [viewport, locale] of [[{ width: 320, height: 640 }, 'zh-CN'], [{ width: 1280, height: 800 }, 'en-US']]) {
    const { page, problems } = await open(browser, baseUrl, { viewport, locale });
    const names = await page.locator('.tcpw-picker select option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(names.length >= 20, `${names.length} scenarios in the picker`);
    for (const name of names.filter((n) => n !== 'free')) {
      await page.selectOption('.tcpw-picker select', name);
      const scrub = page.locator('.tcpw-scrub input');
      const max = await scrub.getAttribute('max');
      await scrub.fill(max);
      const seen = await page.evaluate(() => {
        const root = document.querySelector('[data-tcp-widget]').shadowRoot;
        const text = root.querySelector('.tcpw-clock-text');
        const range = document.createRange();
        range.selectNodeContents(text);
        const words = range.getBoundingClientRect();
        const box = text.getBoundingClientRect();
        const input = root.querySelector('.tcpw-scrub input').getBoundingClientRect();
        const widget = root.querySelector('.tcpw').getBoundingClientRect();
        return {
          text: text.textContent,
          words: [words.left, words.right, words.top, words.bottom],
          box: [box.left, box.right, box.top, box.bottom],
          input: [input.left, input.right, input.height],
          widget: [widget.left, widget.right],
        };
      });
      const where = `${name} at ${viewport.width} px: ${JSON.stringify(seen)}`;
      assert.equal(seen.text, `${max} / ${max} ms`, where);
      assert.ok(seen.words[0] >= seen.box[0] - 0.5 && seen.words[1] <= seen.box[1] + 0.5, `the time fits its box: ${where}`);
      assert.ok(seen.words[2] >= seen.box[2] - 0.5 && seen.words[3] <= seen.box[3] + 0.5, `not cut at the top or bottom: ${where}`);
      assert.ok(seen.box[0] >= seen.widget[0] && seen.box[1] <= seen.widget[1], `the clock is inside the widget: ${where}`);
      assert.ok(seen.input[1] - seen.input[0] >= 150 && seen.input[2] >= 16, `the scrubber is wide enough to use: ${where}`);
      assert.ok(seen.input[0] >= seen.widget[0] && seen.input[1] <= seen.widget[1], `the scrubber is inside the widget: ${where}`);
    }
    await screenshot(page, `clock-end-${viewport.width}-${locale}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('keys work on a fresh page, before anything is clicked', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl);
  const before = await page.locator('.tcpw-narr-now').innerText();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await page.locator('.tcpw-narr-now').innerText(), before, '→ steps');
  // Read where the three steps ended once they are drawn.
  await page.waitForTimeout(300);
  const at = await clock(page);
  await page.keyboard.press('ArrowLeft');
  assert.notEqual(await clockAfter(page, at), at, '← steps back');
  // After clicking a widget button, the arrows still step.
  await page.locator('.tcpw-transport button').nth(3).click();
  await page.waitForTimeout(300);
  const after = await clock(page);
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await clockAfter(page, after), after, '→ after a click on a button');
  await page.keyboard.press('Home');
  assert.match(await clock(page), /^0 \//);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a paused dot in flight can be clicked to drop it', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl, { query: '?t=50' });
  const dot = page.locator('.tcpw-packet').first();
  const box = await dot.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.match(await page.locator('.tcpw-narr-now').innerText(), /You dropped SYN seq=1000/);
  assert.equal(await page.locator('.tcpw-seg.tcpw-dropped').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the timeline is one tab stop; ↑/↓ move between segments, whose names say who, to whom and when', async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl, { query: '?step=10' });
  const stops = await page.evaluate(
    () => [...document.querySelector('[data-tcp-widget]').shadowRoot.querySelectorAll('.tcpw-seg')].filter((s) => s.tabIndex === 0).length,
  );
  assert.equal(stops, 1, 'one tab stop for all segments');
  await page.locator('.tcpw-seg[tabindex="0"]').focus();
  const first = await page.evaluate(() => document.querySelector('[data-tcp-widget]').shadowRoot.activeElement.getAttribute('aria-label'));
  await page.keyboard.press('ArrowUp');
  const second = await page.evaluate(() => document.querySelector('[data-tcp-widget]').shadowRoot.activeElement.getAttribute('aria-label'));
  assert.notEqual(first, second);
  assert.match(second, /^#\d+ .*: (Client|Server) → (Client|Server), \d+ ms/, second);
  await page.close();
});

test("the inspector shows the header as a table; closing it keeps the focus in the widget", async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl, { query: '?step=10' });
  await page.locator('.tcpw-seg[data-segment="1"]').focus();
  await page.keyboard.press('Enter');
  const rows = page.locator('.tcpw-inspector table tr');
  // The inspector renders with the next frame: wait for its table, then count.
  await rows.first().waitFor({ timeout: 5000 });
  const count = await rows.count();
  assert.ok(count >= 8, `rows: ${count}`);
  // A header row, then one row per field: its name as the row header.
  assert.equal(await rows.nth(1).locator('th').count(), 1, 'a field name per row');
  const cells = await page.locator('.tcpw-inspector td').allInnerTexts();
  assert.ok(cells.some((c) => c.includes('8000')), `the SYN,ACK's seq: ${cells}`);
  await page.keyboard.press('Escape');
  const focusInside = await page.evaluate(() => {
    const host = document.querySelector('[data-tcp-widget]');
    return document.activeElement === host && host.shadowRoot.activeElement !== null;
  });
  assert.ok(focusInside, 'focus stays in the widget');
  // Restart, too, keeps the focus (and the keys) in the widget.
  await page.locator('.tcpw-transport button').nth(0).click();
  await page.keyboard.press('ArrowRight');
  assert.match(await clock(page), /^0 \//);
  await page.close();
});

test('compact hides the deep dives and the extras', async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl, { query: '?compact=1' });
  assert.equal(await page.locator('.tcpw-dives').isVisible(), false);
  assert.equal(await page.locator('.tcpw-share').isVisible(), false);
  await page.close();
});

test('print keeps the ladder and the narration, with no overlapping lines', async ({ browser, baseUrl }) => {
  const { page } = await open(browser, baseUrl, { query: '?step=12' });
  await page.emulateMedia({ media: 'print' });
  const boxes = await page.evaluate(() =>
    [...document.querySelector('[data-tcp-widget]').shadowRoot.querySelectorAll('.tcpw-said')].map((el) => {
      const r = el.getBoundingClientRect();
      return [r.top, r.bottom, r.height];
    }),
  );
  assert.ok(boxes.length > 5);
  for (let i = 1; i < boxes.length; i++) {
    assert.ok(boxes[i][0] >= boxes[i - 1][1] - 0.5, `line ${i} overlaps the one before: ${boxes[i - 1]} / ${boxes[i]}`);
  }
  assert.ok(await page.locator('.tcpw-svg').isVisible());
  assert.equal(await page.locator('.tcpw-controls').isVisible(), false);
  await screenshot(page, 'lesson-print');
  await page.close();
});

test('with reduced motion, playing jumps from event to event', async ({ browser, baseUrl }) => {
  // The event times, from stepping.
  const steps = await open(browser, baseUrl);
  const times = new Set();
  for (let i = 0; i < 16; i++) {
    await steps.page.locator('.tcpw-transport button').nth(3).click();
    times.add((await clock(steps.page)).split(' ')[0]);
  }
  await steps.page.close();
  const { page } = await open(browser, baseUrl, { reducedMotion: 'reduce' });
  await page.locator('.tcpw-play').click();
  const seen = new Set();
  for (let i = 0; i < 80; i++) {
    seen.add((await clock(page)).split(' ')[0]);
    await page.waitForTimeout(50);
  }
  seen.delete('0');
  for (const t of seen) assert.ok(times.has(t), `${t} ms is not an event time (${[...times]})`);
  assert.ok(seen.size >= 1, 'it moved');
  await page.close();
});

test('axe-core finds no violation on the page, in every state a learner reaches', async ({ browser, baseUrl }) => {
  const states = [
    ['start', {}, async () => {}],
    ['played', { query: '?step=10' }, async () => {}],
    ['inspector', { query: '?step=10' }, async (p) => {
      await p.locator('.tcpw-seg[data-segment="1"]').focus();
      await p.keyboard.press('Enter');
    }],
    ['analogy', { query: '?step=6&mode=analogy' }, async (p) => p.locator('.tcpw-breaks').waitFor()],
    ['dark', { query: '?step=6&theme=dark' }, async () => {}],
    ['phone', { query: '?step=6', viewport: { width: 390, height: 844 } }, async () => {}],
    ['chinese', { query: '?step=6&lang=zh' }, async () => {}],
  ];
  const failures = [];
  for (const [name, options, act] of states) {
    const { page } = await open(browser, baseUrl, options);
    await act(page);
    const found = await axe(page);
    if (found.length) failures.push(`${name}: ${found.join('; ')}`);
    await page.close();
  }
  assert.deepEqual(failures, []);
});

test('axe-core finds no violation on the embed demo', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${baseUrl}embed-demo.html`);
  await page.locator('#first .tcpw-root .tcpw-svg').waitFor();
  await page.locator('#second .tcpw-root .tcpw-svg').waitFor();
  assert.deepEqual(await axe(page), []);
  await page.close();
});

// What changes at each instant while a run plays (the narration's lines, the
// line a screen reader hears, the state diagram's keys) sits in boxes of
// fixed size that Chromium lays out alone. Before, each instant laid out
// the whole page: a live region placed absolutely cannot be laid out alone,
// nor can a flex item, and the narration's box was not contained. Read from
// Chromium's own trace: every layout and the root it started from.
test('playing a lesson lays out only the boxes that change, never the whole page', async ({ browser, baseUrl }) => {
  for (const [viewport, locale] of [
    [{ width: 1280, height: 800 }, 'en-US'],
    [{ width: 390, height: 844 }, 'zh-CN'],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { viewport, locale });
    await page.selectOption('.tcpw-speed select', { label: '4×' });
    const keysBefore = await page.locator('.tcpw-key').allInnerTexts();
    const linesBefore = await page.locator('.tcpw-said').count();
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    await page.click('.tcpw-play');
    await page.waitForTimeout(4000);
    await page.click('.tcpw-play'); // pause
    await cdp.send('Tracing.end');
    await done;
    const layouts = events.filter((e) => e.name === 'Layout' && e.ph === 'X');
    const whole = layouts.filter((e) => JSON.stringify(e.args?.endData?.layoutRoots ?? []).includes('#document'));
    // Not vacuous: the run moved through instants, states and lines.
    assert.notDeepEqual(await page.locator('.tcpw-key').allInnerTexts(), keysBefore, 'the states changed');
    const linesAfter = await page.locator('.tcpw-said').count();
    assert.ok(linesAfter >= linesBefore + 4, `lines were added: ${linesBefore} → ${linesAfter}`);
    assert.ok(layouts.length > 50, `${layouts.length} layouts traced`);
    assert.equal(whole.length, 0, `${locale}: ${whole.length} of ${layouts.length} layouts were of the whole page`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
