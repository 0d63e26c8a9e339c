/** What the API client and the downloads need from sign-in: a bearer token now, and a fresh one after a 401. */
export interface AccessTokenSource {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Called after the server rejected the current token: return a new one or throw SignInRequiredError. */
  refreshAccessToken(signal?: AbortSignal): Promise<string>;
}
