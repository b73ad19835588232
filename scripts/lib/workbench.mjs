// Driving a code-server workbench in Debian's Chromium through playwright-core: launch the
// browser with flags that work on a machine without internet or GPU, and take screenshots of
// the workbench and of the webviews inside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Flags that work on these machines: no sandbox as root, no GPU, nothing phoning home. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium; `CHROMIUM_PATH` overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launch Chromium with a fresh profile. Returns the context, its first page and `close()`,
 * which also removes the profile.
 *
 * @param {{ headless?: boolean, viewport?: { width: number, height: number } }} [options]
 */
export async function launchChromium({ headless = true, viewport = { width: 1600, height: 1000 } } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'glassbox-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless,
    args: chromiumArgs,
    viewport,
    // Playwright would otherwise exit the process on Ctrl+C before the caller stops its server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Screenshot the whole workbench into `dir/name.png`, then each visible webview into
 * `dir/name-webview-N.png`, with the text of its document in `dir/name-webview-N.txt` (what a
 * blank screenshot cannot tell: an error message, or nothing at all). Returns the files written.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} dir
 * @param {string} name
 */
export async function screenshotWorkbench(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  await webviewsPainted(page);
  const written = [];
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  written.push(file);
  let index = 0;
  for (const frame of webviewFrames(page)) {
    try {
      const element = await frame.frameElement();
      if (!(await element.isVisible())) continue;
      const box = await element.boundingBox();
      if (!box || box.width < 10 || box.height < 10) continue;
      const webviewFile = join(dir, `${name}-webview-${++index}.png`);
      await element.screenshot({ path: webviewFile, timeout: 5000 });
      written.push(webviewFile);
      const text = await webviewText(frame);
      if (text !== undefined) writeFileSync(webviewFile.replace(/\.png$/, '.txt'), text);
    } catch {
      /* a frame that went away meanwhile */
    }
  }
  return written;
}

/**
 * The webviews' outer frames. A VS Code webview is an iframe (index.html, served from the
 * webview origin) holding the extension's document in a nested `active-frame` iframe; the
 * outer iframe element is what is laid out in the workbench, so screenshot that.
 *
 * @param {import('playwright-core').Page} page
 */
export function webviewFrames(page) {
  return page.frames().filter((frame) => frame.parentFrame() === page.mainFrame() && /webview/i.test(frame.url()));
}

/**
 * The text of the extension's document inside a webview (its nested `active-frame`), or
 * undefined when the webview has not created it yet.
 *
 * @param {import('playwright-core').Frame} outer
 */
export async function webviewText(outer) {
  const inner = outer.childFrames().find((frame) => /fake\.html|active-frame/.test(frame.url() + frame.name())) ?? outer.childFrames()[0];
  if (!inner) return undefined;
  return inner.evaluate(() => globalThis.document.body?.innerText ?? '').catch(() => undefined);
}

/**
 * Wait (up to `timeoutMs`) until every visible webview has a document with some text in it:
 * a webview boots in steps (outer frame, service worker, then the extension's document), and
 * a screenshot taken before the last step shows an empty panel.
 *
 * @param {import('playwright-core').Page} page
 */
export async function webviewsPainted(page, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ready = true;
    for (const frame of webviewFrames(page)) {
      const element = await frame.frameElement().catch(() => undefined);
      if (!element || !(await element.isVisible().catch(() => false))) continue;
      if (!(await webviewText(frame))?.trim()) ready = false;
    }
    if (ready || Date.now() > deadline) return ready;
    await new Promise((r) => setTimeout(r, 200));
  }
}
