// Monkey test: thousands of random but valid actions (clicks on segments and
// controls, option changes, scrubbing, keys, resizes) across scenarios, with
// a fixed seed printed so a failure can be replayed:
//   MONKEY_SEED=<seed> MONKEY_ACTIONS=<n> node e2e/run.mjs monkey
// Asserts zero console errors, zero page errors, no crash panel, and that
// the widget still responds at the end.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';
import { rng } from '../lib/random.mjs';

const SEED = Number(process.env.MONKEY_SEED ?? 20261122);
const ACTIONS = Number(process.env.MONKEY_ACTIONS ?? 2500);
const KEYS = [' ', 'ArrowRight', 'ArrowLeft', 'Home', 'd', 'D', 'Enter', 'Tab', 'Escape', 'k', 'j', 'l', 'Delete'];

test(`monkey: ${ACTIONS} random actions (seed ${SEED})`, async ({ browser, baseUrl }) => {
  console.log(`       monkey seed ${SEED}, ${ACTIONS} actions (replay with MONKEY_SEED=${SEED})`);
  const r = rng(SEED);
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems = watch(page);
  await page.goto(baseUrl);
  await page.locator('.tcpw-root .tcpw-svg').waitFor();
  await framesGone(page);
  const counts = {};
  // Actions that waited out their second (a race, or a page that stopped
  // drawing frames: many of them say which, if the end check fails).
  let timedOut = 0;
  const log = [];
  for (let i = 0; i < ACTIONS; i++) {
    const kind = r.pick(['button', 'button', 'segment', 'segment', 'select', 'scrub', 'key', 'key', 'key', 'resize', 'wait']);
    counts[kind] = (counts[kind] ?? 0) + 1;
    log.push(kind);
    try {
      switch (kind) {
        case 'button': {
          const buttons = page.locator('.tcpw button:visible');
          const n = await buttons.count();
          if (n) await buttons.nth(r.int(n)).click({ timeout: 1000 });
          break;
        }
        case 'segment': {
          const segments = page.locator('.tcpw-seg .tcpw-hit');
          const n = await segments.count();
          if (n) await segments.nth(r.int(n)).click({ force: true, timeout: 1000 });
          break;
        }
        case 'select': {
          const selects = page.locator('.tcpw select');
          const n = await selects.count();
          if (n) {
            const select = selects.nth(r.int(n));
            const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
            await select.selectOption(r.pick(values), { timeout: 1000 });
          }
          break;
        }
        case 'scrub': {
          const max = Number(await page.locator('.tcpw-scrub input').getAttribute('max'));
          await page.locator('.tcpw-scrub input').fill(String(r.int(max + 1)), { timeout: 1000 });
          break;
        }
        case 'key':
          await page.keyboard.press(r.pick(KEYS));
          break;
        case 'resize':
          await page.setViewportSize({ width: 320 + r.int(1100), height: 500 + r.int(500) });
          break;
        case 'wait':
          await page.waitForTimeout(r.int(40));
          break;
      }
    } catch (err) {
      // An element may disappear between counting and clicking (the widget
      // re-renders constantly): that is a race in the test, not a bug. A
      // crash or console error is caught below.
      if (!/Timeout|detached|not attached|outside of the viewport|intercepts pointer|not visible/i.test(String(err))) throw err;
      if (/Timeout/i.test(String(err))) timedOut++;
    }
    if (problems.length || (await page.locator('.tcpw-crash').count())) {
      throw new Error(`after action ${i} (${kind}); last actions: ${log.slice(-10).join(', ')}\n${problems.join('\n')}`);
    }
  }
  console.log(`       actions by kind: ${JSON.stringify(counts)}; ${timedOut} waited out their second`);

  // The widget still responds: restart, then step, and the clock moves.
  await page.setViewportSize({ width: 1100, height: 800 });
  // The monkey may have turned on "Guess first", which rightly stops a step
  // before each segment to ask: turn it off for the check below.
  const predict = page.locator('[data-learn="predict"]');
  if ((await predict.count()) && (await predict.getAttribute('aria-pressed')) === 'true') {
    await predict.click().catch(async (err) => {
      // Say what the page was doing, for the next one who reads a failure:
      // whether it still draws frames, and how it looked.
      const frames = await page.evaluate(
        () =>
          new Promise((done) => {
            requestAnimationFrame(() => done('it draws frames'));
            setTimeout(() => done('no animation frame in 2 s'), 2000);
          }),
      );
      await screenshot(page, 'monkey-stuck');
      throw new Error(`${err.message}\n(${frames}; last actions: ${log.slice(-20).join(', ')})`);
    });
  }
  await page.locator('.tcpw-picker select').selectOption('handshake-and-close');
  // By position, not label: the monkey may have left the widget in Chinese.
  await page.locator('.tcpw-transport button:nth-child(1)').click(); // restart
  const clock = () => page.locator('.tcpw-clock').textContent();
  // Each click re-renders on the widget's next turn: wait for what it shows.
  const shows = (prefix) =>
    page
      .waitForFunction(
        (p) => document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-clock')?.textContent.startsWith(p),
        prefix,
        { timeout: 5000 },
      )
      .catch(() => {});
  await shows('0 /');
  const before = await clock();
  // Start → 0 ms (connect, SYN) → 100 ms (the SYN arrives).
  for (let i = 0; i < 2; i++) await page.locator('.tcpw-transport button:nth-child(4)').click(); // next event
  await shows('100 /');
  const after = await clock();
  assert.notEqual(after, before, 'stepping still moves the clock');
  assert.ok(after.startsWith('100 /'), `two steps reach the SYN's arrival at 100 ms: ${after}`);
  await screenshot(page, 'monkey-end');
  assert.equal(await page.locator('.tcpw-crash').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
