import type { OAuthClientConfig } from './oauthClientConfig';

/** esbuild's `define` replaces this name (esbuild.js): the client, or `undefined` when the build has none. */
declare const __BUILT_IN_OAUTH_CLIENT__: OAuthClientConfig | undefined;

/**
 * The publisher's OAuth client, built in by `npm run package` from GOOGLE_PHOTOS_OAUTH_CLIENT_FILE; undefined in
 * every other build (and under tsc, where nothing defines the name). The user's own client overrides it.
 */
export const BUILT_IN_OAUTH_CLIENT: OAuthClientConfig | undefined =
  typeof __BUILT_IN_OAUTH_CLIENT__ === 'undefined' ? undefined : __BUILT_IN_OAUTH_CLIENT__;
