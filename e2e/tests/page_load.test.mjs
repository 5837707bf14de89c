// The built page loads cleanly: widget visible, both lifelines with their
// states, zero console errors, zero failed requests; a screenshot for people.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot } from '../lib/browser.mjs';

test('page loads, widget visible, no errors, no failed requests', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const problems = watch(page);
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.locator('.tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await page.locator('.tcpw-lifeline-svg').count(), 2);
  const state = (side) => page.locator(`.tcpw-outer[data-side=${side}] .tcpw-state-label`).first().textContent();
  assert.equal(await state('client'), 'CLOSED');
  assert.equal(await state('server'), 'LISTEN');
  await screenshot(page, 'page-load-desktop');
  assert.deepEqual(problems, []);
  await page.close();
});
