// "+ Add stage" asks for the user count (issue 15 §4): Enter adds what was typed to the stages
// (an empty field adds ten times the last stage); the stages field reads it as if typed there,
// so the stages stay in order and what is not a user count is named under that field, kept in
// the link, with nothing added.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/course/stages/');

/** The stage table's user counts, left to right. */
const stages = (app) => app.page.locator('[data-testid^="cell-users-"]').allInnerTexts();

// Guards: a typed count added in order (the link and the table follow), an empty field's
// suggestion, and a refusal named under the stages field.
test('+ Add stage asks for the user count', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=100,1m');
  try {
    await app.reveal('users');
    const field = app.testid('add-stage-users');
    await field.fill('50k');
    await field.press('Enter');
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid^="cell-users-"]').length === 3);
    assert.deepEqual((await stages(app)).map((s) => s.trim()), ['100', '50K', '1M']);
    assert.match(await app.waitForQuery((q) => /users=100,[^&]*50k/.test(q)), /users=100,[^&]*50k/);
    assert.equal(await field.inputValue(), '', 'the field is ready for the next');
    await field.press('Enter');
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid^="cell-users-"]').length === 4);
    assert.equal((await stages(app)).at(-1).trim(), '10M', 'empty: ten times the last stage');
    await field.fill('lots');
    await field.press('Enter');
    await app.fieldError('users').waitFor();
    assert.match(await app.fieldError('users').innerText(), /“lots” is not a number and was left out/);
    assert.equal((await stages(app)).length, 4, 'nothing added');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
