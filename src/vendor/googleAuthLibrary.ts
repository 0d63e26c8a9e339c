/**
 * google-auth-library with its debug logging switched off. With GOOGLE_SDK_NODE_LOGGING=auth (or all) in the
 * environment it prints every request it makes, tokens included (the revoke URL carries the refresh token).
 * google-logging-utils is the library's own logger (one copy, pinned to the version it uses): a null backend
 * silences it, also loggers made before this ran.
 */
import { setBackend } from 'google-logging-utils';

setBackend(null);

export * from 'google-auth-library';
