import type * as vscode from 'vscode';
import type { SignInPreference } from '../auth/flowChoice';
import { customPickerEndpoints, type GoogleEndpoints, googleEndpoints } from '../endpoints';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_FILE_BYTES } from '../defaults';
import { DEFAULT_ALT_TEXT, type LinkSettings } from '../workflow/links';
import { DEFAULT_FILE_NAME } from '../workflow/placement';
import type { DestinationSetting } from './destination';

import { SETTINGS_SECTION as SECTION } from './commands';

type Vs = Pick<typeof vscode, 'workspace' | 'ConfigurationTarget'>;

export interface LinkSettingValues {
  insert: boolean;
  templates: LinkSettings['templates'];
  altText: string;
  /** googlePhotosImport.captionText: empty for no caption. */
  captionText: string;
  /** googlePhotosImport.altTextPlaceholders: inserted alt texts are tab stops. */
  altTextPlaceholders: boolean;
  linkRoot: string;
}

/** The extension's settings, read fresh each time (they can change while VS Code runs). */
export class Settings {
  constructor(private readonly vs: Vs) {}

  private get config(): vscode.WorkspaceConfiguration {
    return this.vs.workspace.getConfiguration(SECTION);
  }

  /** A folder pattern, or globs of the document's path mapped to patterns (anything else: the default). */
  destination(scope?: vscode.ConfigurationScope): DestinationSetting {
    const value = this.vs.workspace.getConfiguration(SECTION, scope).get<unknown>('destination', 'assets');
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
    return 'assets';
  }

  /**
   * How files are named, what size photos come in, which smaller copies and stills come with them (`responsiveWidths`
   * as the user wrote it: askFileOptions checks it), and whether files already there are reused.
   */
  files(scope?: vscode.ConfigurationScope): {
    fileName: string;
    imageSize: string;
    responsiveWidths: unknown;
    videoPosters: boolean;
    skipDuplicates: boolean;
  } {
    const config = this.vs.workspace.getConfiguration(SECTION, scope);
    return {
      fileName: config.get<string>('fileName', DEFAULT_FILE_NAME).trim() || DEFAULT_FILE_NAME,
      imageSize: config.get<string>('imageSize', 'original'),
      responsiveWidths: config.get<unknown>('responsiveWidths', []),
      videoPosters: config.get<boolean>('videoPosters', false) === true,
      skipDuplicates: config.get<boolean>('skipDuplicates', true) !== false,
    };
  }

  /** What links need, for the document they go into (its folder's settings win). */
  links(scope?: vscode.ConfigurationScope): LinkSettingValues {
    const config = this.vs.workspace.getConfiguration(SECTION, scope);
    const templates = config.get<unknown>('linkTemplates');
    const captionText = config.get<unknown>('captionText', '');
    return {
      insert: config.get<string>('insertLinks', 'auto') !== 'never',
      templates: templates && typeof templates === 'object' ? (templates as LinkSettings['templates']) : undefined,
      altText: config.get<string>('altText', '') || DEFAULT_ALT_TEXT,
      captionText: typeof captionText === 'string' ? captionText : '',
      altTextPlaceholders: config.get<boolean>('altTextPlaceholders', true) !== false,
      linkRoot: config.get<string>('linkRoot', '').trim(),
    };
  }

  clientId(): string | undefined {
    return this.config.get<string>('oauth.clientId') || undefined;
  }

  /** The client id is not secret: it lives in user settings. */
  async setClientId(clientId: string): Promise<void> {
    await this.config.update('oauth.clientId', clientId, this.vs.ConfigurationTarget.Global);
  }

  clientSecret(): string | undefined {
    return this.config.get<string>('oauth.clientSecret') || undefined;
  }

  maxItems(): number | undefined {
    const n = this.config.get<number>('maxItems', 0);
    return n > 0 ? Math.min(n, 2000) : undefined;
  }

  /** googlePhotosImport.maxFileSizeMB, in bytes. */
  maxFileBytes(): number {
    const mb = this.config.get<number>('maxFileSizeMB', DEFAULT_MAX_FILE_BYTES / 1024 ** 2);
    return Number.isFinite(mb) && mb >= 1 ? Math.floor(mb) * 1024 ** 2 : DEFAULT_MAX_FILE_BYTES;
  }

  concurrency(): number {
    return Math.max(1, Math.min(16, this.config.get<number>('concurrency', DEFAULT_CONCURRENCY)));
  }

  signInFlow(): SignInPreference {
    const value = this.config.get<string>('signInFlow', 'auto');
    return value === 'loopback' || value === 'device-code' || value === 'paste' ? value : 'auto';
  }

  /** Google, or the configured test endpoint (an emulator of Google's OAuth and Picker API). */
  endpoints(): GoogleEndpoints {
    const endpoint = this.config.get<string>('endpoint', '').trim();
    return endpoint ? customPickerEndpoints(endpoint, true) : googleEndpoints;
  }
}
