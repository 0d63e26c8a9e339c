/**
 * The client file a publisher builds into the extension: the JSON Google Cloud console downloads for a Desktop app
 * OAuth client, `{"installed": {"client_id": ..., "client_secret": ..., ...}}`. Pure: esbuild.js reads the file.
 */
import type { OAuthClientConfig } from './oauthClientConfig';

const WHAT_IT_MUST_BE =
  'GOOGLE_PHOTOS_OAUTH_CLIENT_FILE must name the JSON that Google Cloud console downloads for an OAuth client of type "Desktop app" (Clients > the client > Download JSON).';

/** The client in `text` (the file's content; `file` names it in messages); throws a message saying what is wrong. */
export function parseDesktopClientFile(text: string, file: string): OAuthClientConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, which may hold the secret.
    throw new Error(`${file} is not JSON. ${WHAT_IT_MUST_BE}`);
  }
  if (!isObject(parsed)) throw new Error(`${file} holds no OAuth client (not a JSON object). ${WHAT_IT_MUST_BE}`);
  const installed = parsed.installed;
  if (!isObject(installed)) {
    const kind = Object.keys(parsed).find((key) => isObject(parsed[key]));
    const holds = kind === 'web' ? 'a "Web application" client ("web")' : kind ? `a "${kind}" client` : 'no "installed" client';
    throw new Error(`${file} holds ${holds}; the extension signs in as an installed app, with a Desktop app client. ${WHAT_IT_MUST_BE}`);
  }
  const field = (name: string): string => {
    const value = installed[name];
    if (typeof value !== 'string' || !value.trim()) throw new Error(`${file}: its "installed" client has no "${name}". ${WHAT_IT_MUST_BE}`);
    return value.trim();
  };
  return { clientId: field('client_id'), clientSecret: field('client_secret') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
