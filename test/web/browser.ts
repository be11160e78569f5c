// Debian's Chromium driven by playwright-core, for the page tests.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * `fakeCamera`: a .y4m file that Chromium's fake capture device plays as the camera (in a loop), with the
 * camera prompt answered "allow": for the officer app's pass scan.
 */
export function launchBrowser(opts: { fakeCamera?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...(opts.fakeCamera
        ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeCamera}`, '--use-fake-ui-for-media-stream']
        : []),
    ],
  });
}

/**
 * Collects what must never happen on our pages: uncaught errors and Content-Security-Policy violations
 * (an inline script or a foreign origin would be blocked by the server's CSP). Failed requests such as
 * the expected 401 of /api/v1/me before login are not collected.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return problems;
}

/** Fills the login form of the console or the officer app and submits it. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

/** With TRACEGRID_SCREENSHOTS=dir, keeps a picture of the page at each step, for a person to look at. */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.TRACEGRID_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Waits until an element matching `selector` shows `text`. */
export async function see(page: Page, selector: string, text: string | RegExp): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ state: 'visible' });
}
