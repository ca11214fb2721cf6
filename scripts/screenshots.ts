/**
 * Screenshots of every portal page for docs/images/, from a real run: a hub in-process, a Git repository
 * served by git daemon, Debian Chromium. Run: `node --import tsx scripts/screenshots.ts` (after
 * `bash scripts/build-web.sh`). Writes docs/images/portal-*.png (laptop 1366×860, one phone 390×844).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_USER } from '../src/hub/hub.ts';
import { InProcessClient } from '../src/client/index.ts';
import { LABEL_ROLE, PORTAL_NAMESPACE } from '../src/portal/index.ts';
import { startHub } from '../test/support/hub.ts';
import { startGitDaemon } from '../test/portal/gitdaemon.ts';
import { GUESTBOOK, LAPTOP, PHONE, go, launch, signUp } from '../test/portal/browser.ts';

const OUT = new URL('../docs/images/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
execFileSync('bash', ['scripts/build-web.sh'], { stdio: 'inherit' });

const t = await startHub();
const base = t.hub.url.replace('https:', 'http:');
const daemon = await startGitDaemon(join(t.dir, 'git'));
const url = daemon.repo('platform-apps', {
  ...GUESTBOOK,
  'podinfo/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo\ndata:\n  PODINFO_UI_COLOR: "#34577c"\n',
  'podinfo/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: podinfo\nspec:\n  selector:\n    app: podinfo\n  ports:\n  - port: 9898\n',
});
const browser = await launch();
const ctx = await browser.newContext({ viewport: LAPTOP });
ctx.setDefaultTimeout(30_000);
const page = await ctx.newPage();

const shot = async (p: Page, name: string, full = false) => {
  await p.waitForTimeout(400); // let transitions and the chart's first measurement settle
  await p.screenshot({ path: join(OUT, `portal-${name}.png`), fullPage: full });
  console.log(`docs/images/portal-${name}.png`);
};

try {
  // Sign up, with the password rule broken once to show the field errors.
  await page.goto(`${base}/signup`);
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('hunter2');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Use at least 12 characters').waitFor();
  await shot(page, 'signup');
  await signUp(page, base, 'ada@example.com', 'ada');
  await shot(page, 'home');

  await page.getByTestId('step-1').getByRole('link', { name: /Install/ }).click();
  await page.getByRole('button', { name: 'Install hosted runtime' }).click();
  // Installing takes about a second here: catch the progress banner the moment it shows.
  await page.getByTestId('runtime-progress').waitFor();
  await page.screenshot({ path: join(OUT, 'portal-install-progress.png') });
  console.log('docs/images/portal-install-progress.png');
  await page.getByText('Hosted runtime active and healthy').waitFor({ timeout: 90_000 });
  await shot(page, 'install-done');

  await go(page, 'Git providers');
  await page.getByLabel('Repository URL').fill(url);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('git-provider').locator('[data-status="Connected"]').waitFor();
  await shot(page, 'git-providers');

  await go(page, 'Clusters');
  await page.getByTestId('cluster').first().waitFor();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('staging');
  await page.getByRole('textbox', { name: 'Kubeconfig' }).fill('apiVersion: v1\nkind: Config\nclusters: []\n');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('does not look like a kubeconfig').waitFor();
  await shot(page, 'clusters-invalid');
  // Another logical cluster of this hub stands in for a real one: its kubeconfig is a real kubeconfig.
  await page.getByRole('textbox', { name: 'Kubeconfig' }).fill(await readFile(await t.cluster('staging'), 'utf8'));
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('cluster').filter({ hasText: 'staging' }).locator('[data-status="Connected"]').waitFor();
  await shot(page, 'clusters');

  // guestbook syncs automatically; podinfo waits for a click on Sync (its diff shows what the sync will do).
  for (const [name, auto] of [['guestbook', true], ['podinfo', false]] as const) {
    await go(page, 'Applications');
    await page.getByRole('link', { name: 'New application' }).click();
    await page.getByLabel('Application name').fill(name);
    await page.getByLabel('Path', { exact: true }).fill(name);
    await page.getByRole('textbox', { name: 'Namespace', exact: true }).fill(name);
    if (!auto) await page.getByLabel('Sync automatically').uncheck();
    if (auto) await shot(page, 'new-application', true);
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByTestId('app-status').locator(`[data-status="${auto ? 'Healthy' : 'OutOfSync'}"]`).waitFor({ timeout: 60_000 });
  }
  await page.getByRole('tab', { name: 'Diff' }).click();
  await page.locator('[data-testid="diff-resource"][data-modified="true"]').first().waitFor();
  await shot(page, 'application-diff');
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByTestId('app-status').locator('[data-status="Synced"]').waitFor({ timeout: 60_000 });

  // A new commit for guestbook: Refresh picks it up and the automated sync deploys it (a second history entry).
  daemon.push('platform-apps', { 'guestbook/config.yaml': GUESTBOOK['guestbook/config.yaml'].replace('hello', 'hello, world') });
  await page.goto(`${base}/applications/guestbook`);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('tab', { name: /History \(2\)/ }).waitFor({ timeout: 60_000 });
  await shot(page, 'application');
  await page.getByRole('tab', { name: /History/ }).click();
  await shot(page, 'application-history');

  await go(page, 'Applications');
  await page.getByTestId('app-row').nth(1).waitFor();
  await shot(page, 'applications');
  await go(page, 'Runtimes');
  await page.getByTestId('runtime-row').waitFor();
  await shot(page, 'runtimes', true);
  await go(page, 'Dashboard');
  await page.getByTestId('most-active').waitFor();
  await shot(page, 'dashboard', true);
  await go(page, 'Home');
  await page.locator('[data-testid="step-3"][data-state="done"]').waitFor();
  await shot(page, 'home-done');

  await go(page, 'Account');
  await page.getByLabel('Token name').fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByTestId('new-token').waitFor();
  await shot(page, 'account'); // the token of a hub that is gone when this script ends

  await page.setViewportSize(PHONE);
  await go(page, 'Dashboard');
  await page.getByTestId('most-active').waitFor();
  await shot(page, 'phone-dashboard', true);
  await page.setViewportSize(LAPTOP);

  // An administrator (granted as `marina admin grant` does: the account Secret's role label).
  const admin = await browser.newContext({ viewport: LAPTOP });
  const a = await admin.newPage();
  await signUp(a, base, 'ops@example.com', 'platform-ops');
  const root = new InProcessClient(t.hub.core, ADMIN_USER, 'screenshots').cluster('root');
  await root.patch({ apiVersion: 'v1', kind: 'Secret', namespace: PORTAL_NAMESPACE, name: 'account-platform-ops' }, 'merge', { metadata: { labels: { [LABEL_ROLE]: 'admin' } } });
  await a.reload();
  await go(a, 'Admin');
  await a.getByRole('cell', { name: /ada/ }).or(a.getByRole('rowheader', { name: /ada/ })).first().waitFor();
  await shot(a, 'admin');
  await admin.close();
} finally {
  await browser.close();
  await daemon.stop();
  await t.stop();
}
