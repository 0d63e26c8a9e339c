// What a user sees of the installed extension outside an import: its page in the Extensions view (the README with
// its pictures) and its walkthrough. The README's pictures come from an https server of the test's own, standing in
// for where a publisher's README links point (VS Code shows README pictures only from https URLs).
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

/**
 * Serves the project's docs/ folder over https (the tests' certificate) at `${baseUrl}docs/...`. On 127.0.0.2: a
 * webview asks VS Code whether to forward every request to localhost or 127.0.0.1 first, up to 30 s (seen: the
 * pictures stayed pending until the window closed), which a publisher's real host never meets.
 */
export async function servePictures(projectDir) {
  const docs = path.join(projectDir, 'docs');
  const server = https.createServer(
    {
      cert: fs.readFileSync(path.join(projectDir, 'test/fixtures/tls-test-cert.pem')),
      key: fs.readFileSync(path.join(projectDir, 'test/fixtures/tls-test-key.pem')),
    },
    (req, res) => {
      const file = path.join(projectDir, decodeURIComponent(new URL(req.url, 'https://localhost').pathname));
      if (!file.startsWith(docs + path.sep) || !fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.png') ? 'image/png' : 'application/octet-stream' }).end(fs.readFileSync(file));
    },
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.2', resolve));
  return { baseUrl: `https://127.0.0.2:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The pictures README.md shows (`![alt](path)`, outside code blocks and code spans): their alt texts and paths. */
export function readmePictures(projectDir) {
  const readme = fs
    .readFileSync(path.join(projectDir, 'README.md'), 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
  return [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1], src: m[2] }));
}

/**
 * Opens the extension's page (View: Show Extensions, then its row) and returns each picture of the
 * README it renders, once every one has finished loading or failing: its alt, src and naturalWidth (0: broken).
 * `firstAlt` (the README's first picture's alt text) tells the README's webview from any other.
 */
export async function extensionPagePictures(page, displayName, firstAlt) {
  // "View: Show Extensions" is in every VS Code (older ones have no "Show Installed Extensions" without a gallery);
  // its Installed section lists the extension.
  await runCommand(page, 'View: Show Extensions');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: displayName }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  // The README renders in a webview of its own: the frame with the README's first picture. Each picture still
  // loading is scrolled into view, as a reader would, in case the page loads pictures only when they are seen.
  const until = Date.now() + 30_000;
  let seen = 'no frame with it';
  for (;;) {
    for (const frame of page.frames()) {
      const pictures = await frame
        .evaluate((alt) => {
          const imgs = [...document.querySelectorAll('img')];
          if (!imgs.some((img) => img.alt === alt)) return undefined;
          imgs.find((img) => !img.complete)?.scrollIntoView();
          return imgs.map((img) => ({
            alt: img.alt,
            src: img.getAttribute('src') ?? '',
            naturalWidth: img.naturalWidth,
            complete: img.complete,
          }));
        }, firstAlt)
        .catch(() => undefined);
      if (pictures?.every((p) => p.complete)) return pictures;
      if (pictures) seen = JSON.stringify(pictures);
    }
    if (Date.now() > until) throw new Error(`the extension's page did not finish showing the README's pictures within 30 s: ${seen}`);
    await page.waitForTimeout(500);
  }
}

/** Opens the extension's walkthrough (Welcome: Open Walkthrough...) and returns the titles of the steps it shows. */
export async function walkthroughStepTitles(page, title) {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const choice = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await choice.waitFor({ timeout: 15_000 });
  await choice.click();
  const steps = page.locator('.getting-started-step .step-title');
  await steps.first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1000); // the `when` clauses settle once the walkthrough has activated the extension
  return (await steps.allTextContents()).map((t) => t.trim()).filter(Boolean);
}

/**
 * Runs "How to Create an OAuth Client" and returns the headings of the page it shows (a Markdown preview of the
 * installed extension's README, in a webview), whether a "Preview readme.md" tab opened, and what was shown.
 */
export async function setupHelpHeadings(page, heading) {
  await runCommand(page, 'Google Photos: How to Create an OAuth Client');
  const until = Date.now() + 30_000;
  for (;;) {
    for (const frame of page.frames()) {
      const headings = await frame
        .evaluate(() => [...document.querySelectorAll('h1, h2')].map((h) => h.textContent.trim()))
        .catch(() => []);
      if (headings.includes(heading)) return { headings, previewTab: true, shown: headings.slice(0, 3).join('; ') };
    }
    if (Date.now() > until) {
      const shown = await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
      const previewTab = await page.locator('.tabs-container .tab', { hasText: /Preview readme\.md/i }).count();
      return {
        headings: [],
        previewTab: previewTab > 0,
        shown: `none of the webviews shows "${heading}": ${shown.filter(Boolean).join(' | ').replace(/\s+/g, ' ').slice(0, 200)}`,
      };
    }
    await page.waitForTimeout(500);
  }
}

/** The quick input's text box (older VS Codes put a hidden "toggle all" checkbox before it). */
export const QUICK_INPUT = '.quick-input-widget input:not([type="checkbox"])';

/** F1, type the command's title, Enter. The palette lists new commands only after a moment, so retry. */
export async function runCommand(page, title) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator(QUICK_INPUT);
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    await page.waitForTimeout(300);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    if (await row.isVisible()) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  throw new Error(`"${title}" never appeared in the command palette`);
}
