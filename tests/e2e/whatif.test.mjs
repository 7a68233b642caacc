// The "traffic × N" what-if on any stage (issue 15 §1), on the Learn page: pick a stage and a
// factor (×2, ×10, ×100 or typed); what runs out first as built and the ordered steps that fix
// it, the same lines as the command line's `--what-if N` for that stage; a factor it cannot use
// is named with what is shown instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { useSite } from './support/site.mjs';
import { REPO_ROOT, screenshot } from './support/browser.mjs';
import { LearnPage } from './support/app.mjs';

const site = useSite('/course/whatif/');
const CLI = path.join(REPO_ROOT, 'target', 'debug', 'scalemap');

/** The CLI's what-if block for the stage at `users` ("10K"), its lines without indentation. */
function cliBlock(query, factor, users) {
  const out = execFileSync(CLI, ['--what-if', String(factor), query], { encoding: 'utf8' });
  const blocks = out.split('\n\n');
  const block = blocks.find((b) => b.startsWith(`What if traffic grows ×${factor} at ${users} users`));
  assert.ok(block, `a block for ${users} users in:\n${out}`);
  return block.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
}

// Guards: ×10 at 10K users on the first architecture reads as the CLI's block for that stage;
// another stage and ×2 follow; a typed factor it cannot use says so and shows ×10.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`what runs out first, and the steps, at ${width} px`, async () => {
    const query = '?v=2&preset=architecture';
    const app = await LearnPage.open(site.browser, site.server.url, query, { width, height });
    try {
      const lines = () => app.testid('whatif-lines').locator('li').allInnerTexts();
      await app.testid('whatif-stage').selectOption('1');
      await app.testid('whatif-x10').click();
      await app.page.waitForFunction(() => /^What if traffic grows ×10 at 10K users/.test(document.querySelector('[data-testid="whatif-lines"] li')?.textContent || ''));
      const got = await lines();
      assert.deepEqual(got.slice(1), cliBlock(query, 10, '10K'));
      assert.match(got[1], /^First to run out: Database primary \(writes\)/);
      await app.testid('whatif-x2').click();
      await app.page.waitForFunction(() => /traffic grows ×2 at/.test(document.querySelector('[data-testid="whatif-lines"] li')?.textContent || ''));
      assert.deepEqual((await lines()).slice(1), cliBlock(query, 2, '10K'));
      await app.testid('whatif-factor').fill('lots');
      await app.page.waitForFunction(() => /“lots” is not a number; ×10 is shown\./.test(document.querySelector('[data-testid="whatif-lines"]')?.textContent || ''));
      assert.match((await lines())[1], /^What if traffic grows ×10 at 10K users/);
      await app.testid('whatif').scrollIntoViewIfNeeded();
      await screenshot(app.page, `whatif-${width}`);
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}
