// Exercises that check an answer (issue 15 §2), on the Learn page: the course author picks the
// questions by link (`ask=`, tolerances by `tol=`); the learner types an estimate, the page says
// how close it is (right, close, off) and then shows the model's figure and its derivation;
// nothing that would give an answer away is in the page until the answers are revealed; "Reveal
// all" and "Reset"; the estimates are kept per link in local storage.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { LearnPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/exercise/');

// The first architecture at 100 users peaks at 50 requests a second (100 users × 10% active ×
// 0.1 req/s... × 5 at peak: the stage table's own figure, read back below).
const ASK = '?v=2&preset=architecture&users=100,10k&ask=peak_rps@1,replicas@2,availability@1';

// Guards: an estimate right, close and wrong; each verdict names its tolerance, then the model's
// figure and the derivation show; a text that is no number says so and how to write one.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`an exercise answered right, close and wrong at ${width} px`, async () => {
    const app = await LearnPage.open(site.browser, site.server.url, ASK, { width, height });
    try {
      await app.testid('q-0').waitFor();
      assert.match(await app.testid('q-0').locator('label').innerText(), /^Peak requests\/s at 100 users\?$/);
      assert.equal(await app.answer(0, '52'), 'right');
      const result = await app.testid('q-result-0').innerText();
      assert.match(result, /^Right: within 10%\. The model: 50 req\/s\./);
      assert.match(result, /peak/i, 'the derivation follows');
      assert.equal(await app.answer(0, '80'), 'close');
      assert.match(await app.testid('q-result-0').innerText(), /^Close: within a factor of 2\./);
      assert.equal(await app.answer(0, '5k'), 'off');
      assert.match(await app.testid('q-result-0').innerText(), /^Off: more than a factor of 2 away\./);
      assert.equal(await app.answer(1, 'lots'), 'unreadable');
      const unreadable = await app.testid('q-result-1').innerText();
      assert.match(unreadable, /^“lots” is not a number\. Write a number such as 5000, 5k or 40%\.$/);
      assert.doesNotMatch(unreadable, /The model/, 'no answer for a text that is no estimate');
      await screenshot(app.page, `exercise-${width}`);
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

// Guards: in exercise mode nothing that would give an answer away is in the page (no stage
// table, breakpoints, scaling plan or Self Check in the DOM); "Reveal all" shows every answer
// and them; "Reset" hides them again and clears the estimates.
test('nothing gives an answer away until revealed', async () => {
  const app = await LearnPage.open(site.browser, site.server.url, ASK);
  try {
    await app.testid('exercise').waitFor();
    for (const id of ['stage-table', 'breakpoints', 'scaling-plan', 'self-check']) {
      assert.equal(await app.testid(id).count(), 0, `${id} is not in the page`);
    }
    assert.equal(await app.page.locator('[data-testid^="cell-"]').count(), 0, 'no figure cell');
    assert.match(await app.testid('exercise-hint').innerText(), /right within 10%, close within a factor of 2/);
    await app.testid('reveal-all').click();
    await app.testid('stage-table').waitFor();
    await app.testid('self-check').waitFor();
    for (const i of [0, 1, 2]) assert.equal(await app.testid(`q-result-${i}`).getAttribute('data-grade'), 'none');
    assert.match(await app.testid('q-result-0').innerText(), /^No estimate\. The model: 50 req\/s\./);
    assert.equal(await app.cellText('peak_rps', 0), '50 req/s', 'the answer is the table\'s own figure');
    await app.testid('reset-exercise').click();
    await app.testid('stage-table').waitFor({ state: 'detached' });
    assert.equal(await app.testid('q-result-0').count(), 0);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the estimates and checks are kept per link: a reload shows them again; another link
// (other questions) starts empty.
test('progress is kept per link', async () => {
  const app = await LearnPage.open(site.browser, site.server.url, ASK);
  try {
    assert.equal(await app.answer(0, '50'), 'right');
    await app.goto(ASK);
    await app.testid('q-result-0').waitFor();
    assert.equal(await app.testid('q-input-0').inputValue(), '50');
    assert.equal(await app.testid('q-result-0').getAttribute('data-grade'), 'right');
    await app.goto(`${ASK.replace('ask=', 'ask=db_nodes@2,')}`);
    await app.testid('q-0').waitFor();
    assert.equal(await app.testid('q-input-0').inputValue(), '');
    assert.equal(await app.testid('q-result-0').count(), 0);
  } finally {
    await app.close();
  }
});

// Guards: questions and tolerances chosen by link: the author's list in order, `tol=` in the
// hint and the verdicts, a question the scenario cannot pose named in a notice; on the growth
// page the exercise's keys are kept and named as the Learn page's.
test('questions and tolerances chosen by link', async () => {
  const app = await LearnPage.open(site.browser, site.server.url, '?v=2&preset=architecture&users=100&ask=service_instances@1,nope@1,peak_rps@5&tol=25,3');
  try {
    await app.testid('q-0').waitFor();
    assert.equal(await app.page.locator('[data-testid^="q-input-"]').count(), 1);
    assert.equal(await app.testid('q-0').getAttribute('data-question'), 'service_instances@1');
    assert.match(await app.testid('exercise-hint').innerText(), /right within 25%, close within a factor of 3/);
    const notices = await app.testid('notices').innerText();
    assert.match(notices, /the question “nope@1” names no figure of the stage table/);
    assert.match(notices, /the question “peak_rps@5” asks for stage “5”, and the scenario has stages 1 to 1/);
    const growth = await ScalemapPage.open(site.browser, site.server.url, '?v=2&ask=peak_rps@1');
    try {
      assert.match(await growth.testid('notices').innerText(), /“ask” is for the Learn page's exercise \(learn\/\); this page keeps it\./);
      assert.match(await growth.query(), /ask=peak_rps@1/);
    } finally {
      await growth.close();
    }
  } finally {
    await app.close();
  }
});
