import type * as vscode from 'vscode';
import { checkFileNameTemplate, type ImageSize, parseImageSize } from '../workflow/placement';
import { parseResponsiveWidths } from '../workflow/responsive';
import { variablesOf } from '../workflow/template';
import { documentValues } from './destination';
import type { Destination } from './destinationPrompt';
import type { Settings } from './settings';

type Vs = Pick<typeof vscode, 'window' | 'commands' | 'l10n'>;

export interface FileOptions {
  fileName: string;
  nameValues: Record<string, string>;
  imageSize: ImageSize;
  /** Smaller copies of each photo (narrowest first; none: one file per photo), and a still of each video. */
  responsiveWidths: number[];
  videoPosters: boolean;
  skipDuplicates: boolean;
}

/**
 * The file-name template, size, responsive widths, posters and duplicate settings for this import, checked before
 * sign-in and before any session: a typo is shown with a button to the setting, and nothing starts.
 */
export function askFileOptions(vs: Vs, settings: Settings, destination: Destination): FileOptions | undefined {
  const { window, commands, l10n } = vs;
  const files = settings.files(destination.folder.uri as vscode.Uri);
  const nameValues: Record<string, string> = destination.document
    ? { documentBaseName: documentValues(destination.document).documentBaseName }
    : {};
  const fail = (message: string, setting: string) => {
    const openSettings = l10n.t('Open Settings');
    void window.showErrorMessage(message, openSettings).then((b) => b && commands.executeCommand('workbench.action.openSettings', setting));
    return undefined;
  };
  if (!destination.document && variablesOf(files.fileName).includes('documentBaseName')) {
    return fail(
      l10n.t(
        'The file name setting uses {0}, which needs an open document: open the page the photos are for, then import again.',
        '${documentBaseName}',
      ),
      'googlePhotosImport.fileName',
    );
  }
  try {
    checkFileNameTemplate(files.fileName, Object.keys(nameValues));
  } catch (err) {
    return fail((err as Error).message, 'googlePhotosImport.fileName');
  }
  let imageSize: ImageSize;
  try {
    imageSize = parseImageSize(files.imageSize);
  } catch (err) {
    return fail((err as Error).message, 'googlePhotosImport.imageSize');
  }
  // An array, as the manifest asks; a single number or "480,1024" is taken as meant.
  const raw = files.responsiveWidths;
  const widths = raw === undefined || raw === null ? [] : Array.isArray(raw) || typeof raw === 'string' ? raw : [raw];
  try {
    const responsiveWidths = parseResponsiveWidths(widths, 'googlePhotosImport.responsiveWidths');
    return {
      fileName: files.fileName,
      nameValues,
      imageSize,
      responsiveWidths,
      videoPosters: files.videoPosters,
      skipDuplicates: files.skipDuplicates,
    };
  } catch (err) {
    return fail((err as Error).message, 'googlePhotosImport.responsiveWidths');
  }
}
