/**
 * Where the engine talks to: Google by default, or a test endpoint (the emulator) that speaks the same protocol.
 * Which of their URLs may be trusted is trustedUrl.ts's concern.
 */
import { isLoopbackHost } from './trustedUrl';
export interface GoogleEndpoints {
  /** Origin (and optional path prefix) of the Picker API, e.g. https://photospicker.googleapis.com */
  readonly pickerApi: string;
  readonly oauthAuthorize: string;
  readonly oauthToken: string;
  readonly oauthRevoke: string;
  /** OAuth for TVs and limited-input devices: where a device code is requested. */
  readonly oauthDeviceCode: string;
  /**
   * The configured test endpoint's origin, trusted like Google's own hosts: it may receive the token for media
   * bytes, and its pages may be shown as the picker link or the device sign-in page. Empty for Google.
   */
  readonly trustedTestOrigins: readonly string[];
}

const GOOGLE_PICKER_API = 'https://photospicker.googleapis.com';
export const PICKER_SCOPE = 'https://www.googleapis.com/auth/photospicker.mediaitems.readonly';

export const googleEndpoints: GoogleEndpoints = {
  pickerApi: GOOGLE_PICKER_API,
  oauthAuthorize: 'https://accounts.google.com/o/oauth2/v2/auth',
  oauthToken: 'https://oauth2.googleapis.com/token',
  oauthRevoke: 'https://oauth2.googleapis.com/revoke',
  oauthDeviceCode: 'https://oauth2.googleapis.com/device/code',
  trustedTestOrigins: [],
};

/** Endpoints of a server that emulates both Google's OAuth and the Picker API (this project's emulator does). */
export function emulatorEndpoints(origin: string): GoogleEndpoints {
  const base = new URL(origin).origin;
  return {
    pickerApi: base,
    oauthAuthorize: `${base}/o/oauth2/v2/auth`,
    oauthToken: `${base}/token`,
    oauthRevoke: `${base}/revoke`,
    oauthDeviceCode: `${base}/device/code`,
    trustedTestOrigins: [base],
  };
}

/**
 * A custom Picker API endpoint (GOOGLE_PHOTOS_PICKER_API or the `endpoint` setting): its origin becomes the only
 * extra media host. OAuth stays with Google unless the endpoint is an emulator that also serves OAuth.
 */
export function customPickerEndpoints(pickerApi: string, oauthToo: boolean): GoogleEndpoints {
  const url = new URL(pickerApi);
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    throw new Error(`The Picker API endpoint ${url.origin} must use https (plain http is allowed only on 127.0.0.1 / localhost).`);
  }
  const base = oauthToo ? emulatorEndpoints(url.origin) : googleEndpoints;
  return { ...base, pickerApi: pickerApi.replace(/\/+$/, ''), trustedTestOrigins: [url.origin] };
}
