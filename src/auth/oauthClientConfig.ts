/** The OAuth client the user (or publisher) registered: this project ships no credentials of its own. */
export interface OAuthClientConfig {
  clientId: string;
  /** A "Desktop app" client's secret is not secret (Google's words), but Google's token endpoint still wants it. */
  clientSecret?: string;
}

const OAUTH_SETUP_STEPS = [
  'In the Google Cloud console, create (or choose) a project.',
  'Enable the "Photos Picker API" for it (APIs & Services > Library).',
  'Configure the OAuth consent screen; add the scope .../auth/photospicker.mediaitems.readonly and add yourself as a test user.',
  'Create credentials > OAuth client ID > Application type "Desktop app".',
  'Copy its client ID and client secret.',
];

/** No client id configured: the message says exactly where to put one and how to create it. */
export class MissingOAuthClientError extends Error {
  constructor(readonly where: string) {
    super(`No Google OAuth client is configured. Set ${where}. To create one: ${OAUTH_SETUP_STEPS.map((s, i) => `${i + 1}. ${s}`).join(' ')}`);
    this.name = 'MissingOAuthClientError';
  }
}

export function requireOAuthClient(clientId: string | undefined, clientSecret: string | undefined, where: string): OAuthClientConfig {
  const id = clientId?.trim();
  if (!id) throw new MissingOAuthClientError(where);
  return { clientId: id, clientSecret: clientSecret?.trim() || undefined };
}
