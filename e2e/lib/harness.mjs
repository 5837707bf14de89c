// A tiny test runner for page tests: named tests, run in order, each with a
// fresh browser context; prints a line per test and a summary; exit code 1 on
// any failure. (A framework would add dependencies for no gain here.)
import assert from 'node:assert/strict';

const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

export { assert };

export async function runAll(context) {
  let failed = 0;
  const started = Date.now();
  // E2E_ONLY=text runs only the tests whose name contains it (to chase one).
  const only = process.env.E2E_ONLY;
  const chosen = only ? tests.filter((t) => t.name.includes(only)) : tests;
  for (const { name, fn } of chosen) {
    const t0 = Date.now();
    try {
      await fn(context);
      console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`  FAIL ${name} (${Date.now() - t0} ms)\n${String(err?.stack ?? err).replace(/^/gm, '       ')}`);
    }
  }
  console.log(`${chosen.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed;
}
