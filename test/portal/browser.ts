/**
 * Browser test helpers: Debian's Chromium driven by playwright-core (never `npx playwright install`), and the
 * first steps a person takes in the portal.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const LAPTOP = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** Manifests a first deployment needs: a ConfigMap and a ClusterIP Service (healthy without a kubelet). */
export const GUESTBOOK = {
  'guestbook/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guestbook-config\ndata:\n  greeting: hello\n',
  'guestbook/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: guestbook-ui\nspec:\n  type: ClusterIP\n  selector:\n    app: guestbook-ui\n  ports:\n  - port: 80\n    targetPort: 80\n',
};

/** Signs up through the form and waits for Home. */
export async function signUp(page: Page, base: string, email: string, tenant: string, password = 'correct horse battery staple'): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Tenant name').fill(tenant);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${tenant}` }).waitFor({ timeout: 15_000 });
}

/** Follows the main navigation (the menu button first on a phone). */
export async function go(page: Page, label: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
}
