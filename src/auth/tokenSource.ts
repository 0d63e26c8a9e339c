import type { AccessTokenSource } from '../util/accessToken';
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

export type { AccessTokenSource } from '../util/accessToken';

/** The user has to sign in (again): no stored grant, or Google revoked / expired it (`invalid_grant`). */
export class SignInRequiredError extends Error {
  readonly code: ErrorCode = ERROR_CODES.signInRequired;
  constructor(message = 'Sign in to Google Photos to continue.') {
    super(message);
    this.name = 'SignInRequiredError';
  }
}

/** A fixed token (GOOGLE_PHOTOS_ACCESS_TOKEN, tests): it cannot be refreshed. */
export class StaticTokenSource implements AccessTokenSource {
  constructor(private readonly token: string) {}
  async getAccessToken(): Promise<string> {
    return this.token;
  }
  async refreshAccessToken(): Promise<string> {
    throw new SignInRequiredError(
      'The access token was rejected and a fixed token (GOOGLE_PHOTOS_ACCESS_TOKEN) cannot be refreshed. Provide a fresh one.',
    );
  }
}
