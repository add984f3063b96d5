// The live page in a real browser (Debian's chromium, headless, through playwright-core; no browser download).
// Started by LivePageBrowserTest, which serves the page and the shop in-process and passes:
//   CHAOSLAB_URL (the API), CHAOSLAB_TOKEN (its token), CHAOSLAB_SCENARIO (the short scenario's name),
//   CHAOSLAB_ARTIFACTS (where the screenshots go). Exits 0 when every step held, 1 (with the step) otherwise.
import {chromium} from 'playwright-core';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const url = process.env.CHAOSLAB_URL;
const token = process.env.CHAOSLAB_TOKEN;
const scenario = process.env.CHAOSLAB_SCENARIO;
const artifacts = process.env.CHAOSLAB_ARTIFACTS;
const STEP_MS = 30_000;

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const number = async (page, id) => parseFloat(await page.locator('#' + id).textContent());

async function step(name, body) {
  process.stdout.write('- ' + name + ' … ');
  await body();
  process.stdout.write('ok\n');
}

mkdirSync(artifacts, {recursive: true});
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
let page;
try {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(url)) {
      external.push(r.url());
    }
  });

  await step('the page loads from chaoslab alone and lists the scenario file', async () => {
    await page.goto(url + '/');
    await page.locator('#scenario-names option[value="' + scenario + '"]').waitFor({state: 'attached'});
  });

  await step('without the token, starting shows the 401 message', async () => {
    await page.fill('#scenario', scenario);
    await page.click('#start-form button[type=submit]');
    await page.locator('#start-message', {hasText: '401 unauthorized'}).waitFor();
    check((await page.textContent('#start-message')).includes('needs the API token'), 'the 401 message is shown');
  });

  await step('an invalid scenario file shows its located problems next to the file field', async () => {
    await page.fill('#token', token);
    await page.dispatchEvent('#token', 'change');
    await page.fill('#file', 'invalid.yaml');
    await page.click('#start-form button[type=submit]');
    await page.locator('#start-message', {hasText: '422 invalid_scenario'}).waitFor();
    const problems = await page.locator('#file-problems li').allTextContents();
    check(problems.length > 0 && problems.every((p) => /^invalid\.yaml:\d+:\d+: /.test(p)),
      'file:line:column problems, got ' + JSON.stringify(problems));
    check(await page.getAttribute('#file', 'aria-invalid') === 'true', 'the file field is marked invalid');
  });

  let scheduled;
  let runId;
  let traceIds = [];
  await step('a short scenario starts and its achieved rate and injected fault appear live', async () => {
    await page.fill('#file', 'scenarios.yaml');
    // every state the alert expectation's row shows, from the first status on
    await page.evaluate(() => {
      window.expectationStates = [];
      new MutationObserver(() => {
        const row = document.querySelector('#expectations tbody tr');
        const states = window.expectationStates;
        if (row && states[states.length - 1] !== row.dataset.state) {
          states.push(row.dataset.state);
        }
      }).observe(document.querySelector('#expectations tbody'), {childList: true});
    });
    await page.click('#start-form button[type=submit]');
    await page.waitForURL(/#run=/);
    check(await page.textContent('#file-problems') === '', 'the old problems are cleared');
    await page.waitForFunction(() => parseFloat(document.getElementById('achieved').textContent) > 0);
    await page.locator('#faults tbody tr', {hasText: 'active'}).waitFor();
    // on a loaded machine the shop's own 504s may come first: any 5xx row will do
    await page.locator('#kinds tbody tr', {hasText: 'http_5xx'}).first().waitFor();
    await page.waitForFunction(() => document.querySelector('#chart-rate polyline[data-series=achieved]')
      .getAttribute('points').split(' ').length >= 2);
    scheduled = await number(page, 'scheduled');
    check(scheduled > 0, 'a scheduled rate is shown, got ' + scheduled);
    runId = decodeURIComponent(/#run=(.+)$/.exec(page.url())[1]);
  });

  await step('the alert expectation goes from waiting to firing live, with its time to fire', async () => {
    await page.waitForFunction(() => window.expectationStates.includes('firing'));
    const states = await page.evaluate(() => window.expectationStates);
    check(['waiting', 'quiet', 'pending'].includes(states[0]),
      'a state before firing was shown first, got ' + JSON.stringify(states));
    const row = page.locator('#expectations tbody tr[data-state=firing]');
    check((await row.locator('td').nth(3).getAttribute('class')) === 'pass', 'firing is shown as holding');
    const shown = Number(await row.getAttribute('data-time-to-fire'));
    check((await row.textContent()).includes('after its window began'), 'the time to fire is shown');
    const status = await (await fetch(url + '/runs/' + encodeURIComponent(runId))).json();
    const progress = status.expectationProgress[0];
    check(progress.alert === 'ChaoslabLiveTest5xx' && progress.kind === 'fires',
      'the REST status carries the expectation, got ' + JSON.stringify(progress));
    check(['firing', 'resolved'].includes(progress.state) && progress.timeToFireMs === shown,
      'the page shows the time to fire of the REST status: ' + shown + ' vs ' + JSON.stringify(progress));
  });

  await step('the trace ids shown with the errors are trace ids', async () => {
    traceIds = (await page.locator('#kinds tbody tr td:nth-child(6)').allTextContents()).filter((t) => t !== '–');
    check(traceIds.length > 0 && traceIds.every((t) => /^[0-9a-f]{32}$/.test(t)),
      'W3C trace ids beside the errors, got ' + JSON.stringify(traceIds));
  });

  await step('turning the dial to ×2 doubles the scheduled rate', async () => {
    await page.selectOption('#dial-mode', 'multiplier');
    await page.fill('#dial-value', '2');
    await page.click('#dial-form button[type=submit]');
    await page.locator('#run-message', {hasText: 'Rate set'}).waitFor();
    await page.waitForFunction((before) => parseFloat(document.getElementById('scheduled').textContent)
      >= 1.9 * before, scheduled);
    await page.screenshot({path: join(artifacts, 'live-page-1280.png'), fullPage: true});
  });

  await step('on a phone-sized screen nothing overflows the page sideways', async () => {
    await page.setViewportSize({width: 390, height: 844});
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= 390, 'the page is ' + width + ' px wide at 390 px');
    await page.screenshot({path: join(artifacts, 'live-page-phone.png'), fullPage: true});
    await page.setViewportSize({width: 1280, height: 900});
  });

  await step('the stop button works from the keyboard and the report link follows', async () => {
    await page.focus('#stop');
    await page.keyboard.press('Enter');
    await page.locator('#run-message', {hasText: 'Stopped'}).waitFor();
    await page.locator('#report-link').waitFor({state: 'visible'});
    await page.click('#report-link');
    await page.waitForURL(/\/report\.html$/);
    check((await page.content()).includes('<svg'), 'the report has its charts');
    await page.screenshot({path: join(artifacts, 'report.png')});
  });

  await step('the trace ids the page showed are those of the report', async () => {
    const report = await (await fetch(url + '/runs/' + encodeURIComponent(runId) + '/report')).json();
    const inReport = new Set(report.errorKinds.map((k) => k.traceId));
    check(traceIds.every((t) => inReport.has(t)),
      'page ' + JSON.stringify(traceIds) + ', report ' + JSON.stringify([...inReport]));
    // the JUnit side checks that the OTLP receiver got spans of these traces
    writeFileSync(join(artifacts, 'trace-ids.json'), JSON.stringify(traceIds));
  });

  check(external.length === 0, 'the page asked for nothing outside chaoslab: ' + external.join(', '));
  console.log('live page: every step held; screenshots in ' + artifacts);
} catch (e) {
  console.log('FAILED: ' + e.message);
  if (page) {
    await page.screenshot({path: join(artifacts, 'failure.png'), fullPage: true}).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
