import type * as vscode from 'vscode';
import type { DeviceCodePrompt } from '../auth/deviceCodeFlow';
import { signInByFirstAvailable } from '../auth/flowChain';
import { chooseSignInFlow } from '../auth/flowChoice';
import { GoogleAuth } from '../auth/googleAuth';
import { BUILT_IN_OAUTH_CLIENT } from '../auth/builtInClient';
import { LoopbackCallback } from '../auth/loopbackFlow';
import { requireOAuthClient } from '../auth/oauthClientConfig';
import { grantKey } from '../auth/tokenStore';
import { googleEndpoints } from '../endpoints';
import { DisposableBase, Emitter } from '../util/lifecycle';
import type { Account } from './account';
import { grantOrigin, SecretTokenStore, storedGrantKeys } from './secretTokenStore';
import { addressInputBox, type AddressPrompt, type BrowserOpener, type FlowContext, runSignInFlow } from './signInFlows';
import type { Settings } from './settings';

export type { Account } from './account';
export type { BrowserOpener } from './signInFlows';

type Vs = Pick<typeof vscode, 'window' | 'env' | 'Uri' | 'UIKind' | 'l10n' | 'ProgressLocation'>;

/** What a sign-in tells the views: a device code to show, and how it ended. */
export type SignInProgress = { type: 'device-code'; prompt: DeviceCodePrompt } | { type: 'finished'; ok: boolean };

function clientSecretKey(clientId: string): string {
  return `oauthClientSecret:${clientId}`;
}

/**
 * Sign-in state for the current settings. The grant is stored per (endpoint, client id), so a token issued by one
 * server is never offered to another when the endpoint setting changes.
 */
export class AuthService extends DisposableBase {
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly progress = this.register(new Emitter<SignInProgress>());
  /** A sign-in wants a device code shown, or has ended. */
  readonly onSignInProgress = this.progress.event;
  private cached: (Account & { key: string }) | undefined;

  constructor(
    private readonly vs: Vs,
    private readonly settings: Settings,
    private readonly secrets: vscode.SecretStorage,
    /** Opens a page in the user's browser (vscode.env.openExternal; the extension's tests play the browser). */
    private readonly openBrowser: BrowserOpener,
    private readonly log: vscode.LogOutputChannel,
    /** The paste flow's prompt (an input box; the extension's tests answer it). */
    private askForAddress: AddressPrompt = addressInputBox(vs),
  ) {
    super();
    // Another window signed in or out: the Accounts menu (and this window's view of the grant) follows.
    this.register(secrets.onDidChange((e) => e.key.startsWith('grant:') && this.changed.fire()));
  }

  /**
   * The account for the current settings: the user's OAuth client, else the one built into the package; with
   * neither, throws MissingOAuthClientError naming the setting. An import takes this once and keeps it, so a
   * settings change cannot switch servers in the middle of a flow.
   */
  async account(): Promise<Account> {
    const endpoints = this.settings.endpoints();
    const clientId = this.settings.clientId();
    // The secret set by "Set OAuth Client" lives in secret storage; the setting is the fallback.
    const secret = (clientId && (await this.secrets.get(clientSecretKey(clientId)))) || this.settings.clientSecret();
    const { l10n } = this.vs;
    const client = requireOAuthClient(
      clientId,
      secret,
      l10n.t('googlePhotosImport.oauth.clientId (run "Google Photos: Set OAuth Client")'),
      BUILT_IN_OAUTH_CLIENT,
    );
    const key = grantKey(endpoints.oauthToken, client.clientId);
    const cacheKey = `${key}|${client.clientSecret ?? ''}`;
    if (this.cached?.key !== cacheKey) {
      const store = new SecretTokenStore(this.secrets, key);
      this.cached = { key: cacheKey, client, endpoints, store, auth: new GoogleAuth(client, endpoints, store) };
    }
    return this.cached;
  }

  /** For the extension's tests: who answers the paste flow's prompt. */
  setAddressPrompt(prompt: AddressPrompt): void {
    this.askForAddress = prompt;
  }

  /** Keeps the client id in settings (it is not secret) and the secret in secret storage. */
  async setClient(clientId: string, clientSecret: string | undefined): Promise<void> {
    await this.settings.setClientId(clientId);
    if (clientSecret) await this.secrets.store(clientSecretKey(clientId), clientSecret);
    else await this.secrets.delete(clientSecretKey(clientId));
    this.log.info('OAuth client set.');
    this.changed.fire();
  }

  /**
   * Signs in as a cancellable notification, by the flow that can work here: the browser and a loopback redirect
   * when the browser can reach this host (forwarded by asExternalUri in remote windows), else a device code.
   */
  async signIn(given?: Account, signal?: AbortSignal): Promise<void> {
    const account = given ?? (await this.account());
    const { window, env, l10n, Uri, UIKind, ProgressLocation } = this.vs;
    let ok = false;
    try {
      await window.withProgress(
        {
          location: ProgressLocation.Notification,
          title: l10n.t('Signing in to Google Photos: finish in your browser...'),
          cancellable: true,
        },
        async (_progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          // Cancel Import during the sign-in an import asked for ends the sign-in too, not only the notification's Cancel.
          const stop = () => controller.abort();
          signal?.addEventListener('abort', stop, { once: true });
          if (signal?.aborted) stop();
          const callback = await LoopbackCallback.listen();
          try {
            const seenByBrowser = (await env.asExternalUri(Uri.parse(callback.localUri))).toString(true);
            const choice = chooseSignInFlow({
              preference: this.settings.signInFlow(),
              uiKind: env.uiKind === UIKind.Web ? 'web' : 'desktop',
              remoteName: env.remoteName,
              callbackSeenByBrowser: seenByBrowser,
            });
            this.log.info(`Signing in (${choice.flows.join(', then ')}): ${choice.reason}.`);
            const context: FlowContext = {
              account,
              signal: controller.signal,
              token,
              callback,
              seenByBrowser,
              openBrowser: this.openBrowser,
              askForAddress: (...args) => this.askForAddress(...args),
              presentDeviceCode: (prompt) => this.progress.fire({ type: 'device-code', prompt }),
            };
            await signInByFirstAvailable(
              choice.flows,
              (flow) => runSignInFlow(flow, context, l10n),
              (flow, err) => {
                this.log.warn(`The ${flow} sign-in cannot be used (${err.message}); trying the next way.`);
              },
            );
          } finally {
            callback.close();
            subscription.dispose();
            signal?.removeEventListener('abort', stop);
          }
        },
      );
      ok = true;
    } finally {
      this.progress.fire({ type: 'finished', ok });
    }
    this.log.info('Signed in to Google Photos.');
    this.changed.fire();
  }

  /**
   * Revokes and forgets every grant this extension keeps: the current account's, and any left under an earlier
   * client id or endpoint. Works with no client id set. A token goes back only to Google or the configured test
   * endpoint for revoking; a grant of any other origin is only forgotten.
   */
  async signOut(): Promise<void> {
    const current = await this.account().catch(() => undefined); // no client id: still sign out of everything
    if (current) await current.auth.signOut();
    const endpoints = this.settings.endpoints();
    const revokeAt = new Map([
      [new URL(googleEndpoints.oauthToken).origin, googleEndpoints.oauthRevoke],
      [new URL(endpoints.oauthToken).origin, endpoints.oauthRevoke],
    ]);
    for (const key of await storedGrantKeys(this.secrets)) {
      if (key === current?.store.key) continue;
      const store = new SecretTokenStore(this.secrets, key);
      const grant = await store.get();
      await store.clear();
      const revoke = revokeAt.get(grantOrigin(key) ?? '');
      const token = grant?.refresh_token ?? grant?.access_token;
      if (revoke && token) await revokeQuietly(revoke, token);
    }
    this.log.info('Signed out of Google Photos.');
    this.changed.fire();
  }
}

/** Best effort and brief: the grant is already forgotten here whatever Google answers. */
async function revokeQuietly(revokeUrl: string, token: string): Promise<void> {
  await fetch(revokeUrl, { method: 'POST', body: new URLSearchParams({ token }), signal: AbortSignal.timeout(10_000) }).catch(
    () => undefined,
  );
}
