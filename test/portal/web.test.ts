/**
 * The portal in a real browser (Debian Chromium via playwright-core) against a real hub and its portal API:
 * a person signs up, installs a hosted runtime and watches it become Active, connects a Git repository served
 * by git daemon, creates an Application from the form, sees it Synced and Healthy with its resource tree and
 * diff, and sees the deployment on the dashboard; a second tenant sees none of it. Every wait is bounded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHub, type TestHub } from '../support/hub.ts';
import { GUESTBOOK, LAPTOP, PHONE, go, hasChromium, launch, signUp } from './browser.ts';
import { startGitDaemon, type GitDaemon } from './gitdaemon.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/** Form controls without an accessible label (page script as a string: no DOM types in this file). */
const UNLABELLED = `[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.textContent || '').trim())
  .map((e) => e.outerHTML.slice(0, 80))`;

const SKIP = hasChromium ? false : 'chromium is not installed (scripts/deps.sh --test installs it)';

describe('portal web UI in Chromium', { skip: SKIP }, () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let daemon: GitDaemon;
  let repo: { url: string };
  let alice: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    execFileSync('bash', ['scripts/build-web.sh'], { stdio: 'inherit', timeout: 180_000 });
    t = await startHub();
    base = t.hub.url.replace('https:', 'http:');
    daemon = await startGitDaemon(join(t.dir, 'git'));
    repo = { url: daemon.repo('deploy', GUESTBOOK) };
    browser = await launch();
    alice = await browser.newContext({ viewport: LAPTOP });
    alice.setDefaultTimeout(20_000);
    page = await alice.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await t?.stop();
  });

  it('signs up with errors shown next to the fields, and lands on Home with three steps to do', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Log in to Marina' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByText('At least 12 characters').waitFor();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.match(await page.getByLabel('Password').getAttribute('aria-describedby') ?? '', /error/);
    await page.getByText('Use at least 12 characters').waitFor();
    await page.getByText('Enter an email address').waitFor();
    assert.deepEqual(await page.evaluate(UNLABELLED), [], 'every control has a label');

    await signUp(page, base, 'alice@example.com', 'alice');
    for (const n of [1, 2, 3]) assert.notEqual(await page.getByTestId(`step-${n}`).getAttribute('data-state'), 'done', `step ${n}`);
    const cookies = await alice.cookies();
    const session = cookies.find((c) => c.name === 'marina_session');
    assert.ok(session, 'a session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
  });

  it('installs the hosted runtime in one click and follows its progress, pushed live, to Active', async () => {
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/runtime/events')) streams.push(r.url());
    });
    await page.getByTestId('step-1').getByRole('link', { name: /Install/ }).click();
    await page.getByRole('heading', { name: 'Install a hosted runtime' }).waitFor();
    // Record every percentage the page shows while installing.
    // (page scripts are strings: this file is type-checked without the DOM library)
    await page.evaluate(`{
      const seen = (window.__progress = []);
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="runtime-progress"]')?.textContent;
        if (p && seen[seen.length - 1] !== p) seen.push(p);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }`);
    await page.getByRole('button', { name: 'Install hosted runtime' }).click();
    await page.getByText('Hosted runtime active and healthy').waitFor({ timeout: 60_000 });
    const seen = (await page.evaluate('window.__progress')) as string[];
    const values = seen.map((s) => Number(s.replace('%', '')));
    assert.ok(values.length >= 1 && values[0]! < 100, `the page showed the install in progress: ${seen.join(' ')}`);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), `progress never goes back: ${seen.join(' ')}`);
    assert.ok(streams.length >= 1, 'the page listens to the runtime event stream');

    await page.getByRole('link', { name: 'View runtime' }).click();
    const row = page.getByTestId('runtime-row');
    await row.waitFor();
    assert.match(await row.innerText(), /Hosted/);
    assert.match(await row.innerText(), /Active/);
    const kubeconfig = await page.request.get(`${base}/api/v1/runtime/kubeconfig`);
    assert.equal(kubeconfig.status(), 200);
    assert.match(await kubeconfig.text(), /clusters\/alice/);
  });

  it('connects the Git repository the test serves, and shows it Connected', async () => {
    await go(page, 'Git providers');
    await page.getByLabel('Repository URL').fill('ftp://example.com/repo');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('is not supported').waitFor();
    await page.getByLabel('Repository URL').fill(repo.url);
    await page.getByRole('button', { name: 'Connect' }).click();
    const row = page.getByTestId('git-provider').filter({ hasText: repo.url });
    await row.locator('[data-status="Connected"]').waitFor({ timeout: 20_000 });
  });

  it('connects a cluster from its kubeconfig, refusing one without a current context first', async () => {
    await go(page, 'Clusters');
    await page.getByTestId('cluster').filter({ hasText: 'in-cluster' }).locator('[data-status="Connected"]').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('staging');
    await page.getByRole('textbox', { name: 'Kubeconfig' }).fill('apiVersion: v1\nkind: Config\nclusters: []\n');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('does not look like a kubeconfig').waitFor();
    // Another logical cluster of this hub stands in for a real cluster: its kubeconfig is a real one.
    await page.getByRole('textbox', { name: 'Kubeconfig' }).fill(readFileSync(await t.cluster('staging'), 'utf8'));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByTestId('cluster').filter({ hasText: 'staging' }).locator('[data-status="Connected"]').waitFor();
  });

  it('creates an Application from the form and sees it Synced and Healthy, with its resource tree and diff', async () => {
    await go(page, 'Applications');
    await page.getByText('No applications yet').waitFor();
    await page.getByRole('link', { name: 'New application' }).click();
    await page.getByLabel('Application name').fill('guestbook');
    assert.equal(await page.getByLabel('Repository').inputValue(), repo.url);
    assert.deepEqual(await page.evaluate(UNLABELLED), [], 'every control has a label');
    await page.getByLabel('Path', { exact: true }).fill('guestbook');
    await page.getByRole('textbox', { name: 'Namespace', exact: true }).fill('guestbook');
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { name: 'guestbook', level: 1 }).waitFor();
    const status = page.getByTestId('app-status');
    await status.locator('[data-status="Synced"]').waitFor({ timeout: 45_000 });
    await status.locator('[data-status="Healthy"]').waitFor({ timeout: 45_000 });

    const tree = page.getByTestId('resource-tree');
    await tree.locator('[data-kind="ConfigMap"][data-name="guestbook-config"]').waitFor();
    const svc = tree.locator('[data-kind="Service"][data-name="guestbook-ui"]');
    await svc.locator('[data-status="Synced"]').waitFor();
    await svc.locator('[data-status="Healthy"]').waitFor();

    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByTestId('diff').waitFor();
    const diffs = page.getByTestId('diff-resource');
    assert.equal(await diffs.count(), 2);
    assert.equal(await page.locator('[data-testid="diff-resource"][data-modified="true"]').count(), 0);
    await page.getByText('All 2 resources match Git').waitFor();

    await page.getByRole('tab', { name: /History/ }).click();
    await page.getByRole('tabpanel').getByRole('row').nth(1).waitFor();

    // A new commit: Refresh makes the runtime look at Git now, the automated sync deploys it, and the page
    // shows the second deployment without a reload.
    daemon.push('deploy', { 'guestbook/config.yaml': GUESTBOOK['guestbook/config.yaml'].replace('hello', 'hello, world') });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('tab', { name: /History \(2\)/ }).waitFor({ timeout: 45_000 });

    await go(page, 'Applications');
    const listed = page.locator('[data-testid="app-row"][data-app="guestbook"]');
    await listed.locator('[data-status="Synced"]').waitFor();
    await listed.locator('[data-status="Healthy"]').waitFor();
  });

  it('counts the deployment on the dashboard, and Home shows the steps done', async () => {
    await go(page, 'Dashboard');
    await page.getByTestId('deployments-successful').filter({ hasText: /^2$/ }).waitFor();
    await page.getByLabel('Time').selectOption({ label: 'Last 7 days' });
    await page.getByRole('button', { name: 'Weekly' }).click();
    assert.equal(await page.getByTestId('deployments-successful').innerText(), '2', 'both deployments were today');
    assert.equal(await page.getByTestId('runtimes-healthy').innerText(), '1');
    assert.equal(await page.getByTestId('clusters-connected').innerText(), '2');
    await page.getByTestId('most-active').getByRole('link', { name: 'guestbook' }).waitFor();
    assert.match(await page.getByTestId('most-active').innerText(), /100%/);
    await go(page, 'Home');
    await page.locator('[data-testid="step-1"][data-state="done"]').waitFor();
    await page.locator('[data-testid="step-2"][data-state="done"]').waitFor();
    await page.locator('[data-testid="step-3"][data-state="done"]').waitFor();
  });

  it('creates an API token shown once, which the API accepts until it is revoked', async () => {
    await go(page, 'Account');
    await page.getByText('No API tokens').waitFor();
    await page.getByLabel('Token name').fill('ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').locator('code').innerText()).trim();
    const whoami = () => fetch(`${base}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } });
    const r = await whoami();
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { tenant: string }).tenant, 'alice');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await page.getByText('No API tokens').waitFor();
    assert.equal(await page.getByTestId('new-token').count(), 0, 'the secret is gone from the page');
    assert.equal((await whoami()).status, 401);
  });

  it('works on a phone-size screen with the menu', async () => {
    const p = await alice.newPage();
    await p.setViewportSize(PHONE);
    await p.goto(`${base}/applications`);
    await p.getByRole('heading', { name: 'Applications' }).waitFor();
    await go(p, 'Dashboard');
    await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const width = (await p.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(width <= PHONE.width, `no horizontal scrolling (${width}px)`);
    await p.close();
  });

  it('shows a second tenant none of the first tenant’s runtime, repositories, applications or deployments', async () => {
    const bob = await browser.newContext({ viewport: LAPTOP });
    bob.setDefaultTimeout(20_000);
    const b = await bob.newPage();
    try {
      await signUp(b, base, 'bob@example.com', 'bob');
      await b.locator('[data-testid="step-1"][data-state="todo"]').waitFor();
      // Bob has no runtime yet: his lists say so; none shows alice's things.
      const nothing = /Install your runtime first|No applications yet|No repositories yet|No application named guestbook/;
      await go(b, 'Applications');
      await b.getByText(nothing).first().waitFor();
      assert.equal(await b.getByText('guestbook').count(), 0);
      await b.goto(`${base}/applications/guestbook`);
      await b.getByText(nothing).first().waitFor();
      assert.equal(await b.getByTestId('resource-tree').count(), 0);
      await go(b, 'Git providers');
      await b.getByText(nothing).first().waitFor();
      assert.equal(await b.getByText(repo.url).count(), 0);
      await go(b, 'Runtimes');
      await b.getByText('No runtime yet').waitFor();
      await go(b, 'Dashboard');
      await b.getByTestId('deployments-successful').waitFor();
      assert.equal(await b.getByTestId('deployments-successful').innerText(), '0');
      assert.equal(await b.getByTestId('most-active').count(), 0);
      // The API answers the same way to bob's session, whatever the UI shows.
      assert.ok([404, 409].includes((await b.request.get(`${base}/api/v1/applications/guestbook`)).status()));
      assert.equal((await b.request.get(`${base}/api/v1/runtime`)).status(), 404);
      assert.equal((await (await b.request.get(`${base}/api/v1/applications`)).text()).includes('guestbook'), false);
      assert.equal((await (await b.request.get(`${base}/api/v1/dashboard`)).text()).includes('guestbook'), false);
      assert.equal((await b.request.get(`${base}/api/v1/admin/tenants`)).status(), 403);
      await b.goto(`${base}/admin`);
      await b.getByText('Administrators only').waitFor();
      assert.equal(await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(), 0);
      // Log out, then back in with the keyboard only.
      await b.getByRole('button', { name: 'Log out' }).click();
      await b.getByRole('heading', { name: 'Log in to Marina' }).waitFor();
      assert.equal((await b.request.get(`${base}/api/v1/session`)).status(), 401);
      await b.getByLabel('Email').focus();
      await b.keyboard.type('bob@example.com');
      await b.keyboard.press('Tab');
      await b.keyboard.type('correct horse battery staple');
      await b.keyboard.press('Enter');
      await b.getByRole('heading', { name: 'Welcome, bob' }).waitFor();
      // A state-changing request without the CSRF header is refused.
      const csrf = await b.request.post(`${base}/api/v1/runtime`, { data: {} });
      assert.equal(csrf.status(), 403, 'install without the CSRF token');
    } finally {
      await bob.close();
    }
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  });
});
