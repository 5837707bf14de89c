// Launches Debian's Chromium through playwright-core (never a downloaded
// browser: this machine cannot download one) and watches a page for trouble.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags from ../shared/TOOLCHAIN.md: without the background-networking ones
// Chromium keeps trying to reach the internet, which this machine refuses.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Records console errors, uncaught page errors and failed requests of `page`,
 * so a test can assert that a run produced none of them.
 */
export function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Where screenshots go, so anyone can look at them after a run. */
export const SHOT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../target/e2e');

export async function screenshot(page, name) {
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  const file = path.join(SHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits until no widget on the page still holds a prerendered first frame.
 * A widget drops its frames once it has drawn, a moment after its own
 * ladder appears; until then the frames' buttons and labels (hidden or not)
 * share the live widget's selectors.
 */
export async function framesGone(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-tcp-widget]')].every((h) => !h.shadowRoot?.querySelector('.tcpw-prerender')),
  );
}
