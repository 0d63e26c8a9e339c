/** What the extension-host suites share: the extension's id, a scripted browser for sign-in, and polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImportSummary } from '../../src/import';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { consentRedirect } from '../engine/helpers';

export { consentRedirect };

export const EXTENSION_ID = 'google-photos-import.google-photos-import';

let authUrl = '';
/** The last authorization URL the extension opened. */
export const lastAuthUrl = () => authUrl;

/** Plays the user's browser for the sign-in: consent page, Allow, follow the redirect to the loopback address. */
export async function allowInBrowser(url: string): Promise<boolean> {
  authUrl = url;
  const consent = await fetch(authUrl);
  assert.equal(consent.status, 200, `consent page: ${await consent.clone().text()}`);
  const callback = await fetch(await consentRedirect(authUrl));
  assert.equal(callback.status, 200, `loopback callback: ${await callback.clone().text()}`);
  return true;
}

export async function until<T>(
  get: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const settings = () => vscode.workspace.getConfiguration('googlePhotosImport');

/** Points the extension (user settings) at the emulator, with the emulator's OAuth client. */
export async function useEmulator(emulator: GoogleEmulator): Promise<void> {
  await settings().update('endpoint', emulator.origin, vscode.ConfigurationTarget.Global);
  await settings().update('oauth.clientId', EMULATOR_CLIENT_ID, vscode.ConfigurationTarget.Global);
  await settings().update('oauth.clientSecret', EMULATOR_CLIENT_SECRET, vscode.ConfigurationTarget.Global);
}

/** Removes these user settings (and the emulator's), so the next suite starts from the defaults. */
export async function resetSettings(...more: string[]): Promise<void> {
  for (const key of ['endpoint', 'oauth.clientId', 'oauth.clientSecret', ...more])
    await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** Runs the import command and, as the user on the phone, ticks `itemIds` and presses Done (after `beforePick`). */
export async function importAndPick(
  emulator: GoogleEmulator,
  itemIds: string[],
  beforePick?: () => Promise<void>,
): Promise<ImportSummary | undefined> {
  const running = vscode.commands.executeCommand<ImportSummary | undefined>('googlePhotosImport.import');
  const session = await emulator.waitForSession(20_000, (s) => !s.mediaItemsSet);
  await beforePick?.();
  emulator.pick(session.id, { itemIds });
  return running;
}
