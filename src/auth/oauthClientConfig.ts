/** An OAuth client: the user's own, or the publisher's built into the package (no credential is in the source). */
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

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
  readonly code: ErrorCode = ERROR_CODES.missingOAuthClient;
  constructor(readonly where: string) {
    super(
      `No Google OAuth client is configured. Set ${where}. To create one: ${OAUTH_SETUP_STEPS.map((s, i) => `${i + 1}. ${s}`).join(' ')}`,
    );
    this.name = 'MissingOAuthClientError';
  }
}

/**
 * The client to sign in with: the user's own (`clientId`, with its secret) when set, else the one built into this
 * package (`builtIn`); neither is a MissingOAuthClientError naming `where`.
 */
export function requireOAuthClient(
  clientId: string | undefined,
  clientSecret: string | undefined,
  where: string,
  builtIn: OAuthClientConfig | undefined,
): OAuthClientConfig {
  const id = clientId?.trim();
  if (id) return { clientId: id, clientSecret: clientSecret?.trim() || undefined };
  if (builtIn) return builtIn;
  throw new MissingOAuthClientError(where);
}
