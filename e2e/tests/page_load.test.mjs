// The built page loads cleanly: widget visible, both lifelines with their
// states, zero console errors, zero failed requests; a screenshot for people.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot } from '../lib/browser.mjs';

test('page loads, widget visible, no errors, no failed requests', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page);
  await page.goto(baseUrl, { waitUntil: 'load' });
  const widget = page.locator('.tcpw');
  await widget.waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await page.locator('.tcpw-lifeline').count(), 2);
  assert.equal(await page.locator('[data-role=client] .tcpw-lifeline-state').textContent(), 'CLOSED');
  assert.equal(await page.locator('[data-role=server] .tcpw-lifeline-state').textContent(), 'LISTEN');
  await screenshot(page, 'page-load-desktop');
  assert.deepEqual(problems, []);
  await page.close();
});
