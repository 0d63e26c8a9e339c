import * as path from 'node:path';
import type * as vscode from 'vscode';
import { FOLDER_VARIABLES } from '../workflow/placement';
import {
  chooseDestination,
  type DestinationChoice,
  DOCUMENT_VARIABLES,
  type DocumentFacts,
  type FolderLike,
  resolveIn,
} from './destination';
import type { Settings } from './settings';

type Vs = Pick<typeof vscode, 'window' | 'workspace' | 'commands' | 'l10n'>;
export type Destination = Extract<DestinationChoice, { kind: 'folder' }> & { document?: DocumentFacts };

/**
 * Where this import writes: the pure choice in destination.ts, plus the questions it may need (which folder of a
 * multi-root workspace, open a folder first) and the message for a setting that cannot be used.
 */
export async function askDestination(vs: Vs, settings: Settings): Promise<Destination | undefined> {
  const { window, workspace, commands, l10n } = vs;
  const folders = workspace.workspaceFolders;
  const editorUri = window.activeTextEditor?.document.uri;
  const active = editorUri ? workspace.getWorkspaceFolder(editorUri) : undefined;
  const scope = active ?? folders?.[0];
  let document = documentIn(scope, editorUri);
  let choice = chooseDestination(folders, active, settings.destination(scope), undefined, document);
  if (choice.kind === 'no-workspace') {
    const open = await window.showInformationMessage(
      l10n.t('Open a folder first: photos are imported into a folder of your workspace.'),
      l10n.t('Open Folder...'),
    );
    if (open) await commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (choice.kind === 'ask') {
    const picked = await window.showWorkspaceFolderPick({ placeHolder: l10n.t('Import Google Photos into which folder?') });
    if (!picked) return undefined;
    document = documentIn(picked, editorUri);
    choice = resolveIn(picked as FolderLike, settings.destination(picked), true, document);
  }
  if (choice.kind === 'invalid') {
    const openSettings = l10n.t('Open Settings');
    void window
      .showErrorMessage(invalidMessage(vs, choice), openSettings)
      .then((b) => b && commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.destination'));
    return undefined;
  }
  return choice.kind === 'folder' ? { ...choice, document } : undefined;
}

/** The active editor's file as the destination rules see it: a file inside this workspace folder, else none. */
function documentIn(folder: vscode.WorkspaceFolder | undefined, uri: vscode.Uri | undefined): DocumentFacts | undefined {
  if (!folder || !uri || uri.scheme !== 'file' || folder.uri.scheme !== 'file') return undefined;
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { relativePath: relative.split(path.sep).join('/') };
}

function invalidMessage({ l10n }: Pick<Vs, 'l10n'>, choice: Extract<DestinationChoice, { kind: 'invalid' }>): string {
  switch (choice.reason) {
    case 'not-on-disk':
      return l10n.t('"{0}" is not on a disk this extension can write to. Open a local or remote folder.', choice.detail);
    case 'needs-document':
      return l10n.t(
        'The destination setting uses {0}, which needs an open document: open the page the photos are for, then import again. Nothing was created.',
        `\${${choice.detail}}`,
      );
    case 'no-match':
      return choice.detail
        ? l10n.t('No entry of the destination setting matches "{0}"; add a "**" entry for everything else.', choice.detail)
        : l10n.t('No document is open, and the destination setting has no "**" entry for that case.');
    case 'unknown-variable':
      return l10n.t(
        'The destination setting uses an unknown variable {0}. Known: {1}.',
        `\${${choice.detail}}`,
        [...DOCUMENT_VARIABLES, ...FOLDER_VARIABLES].map((v) => `\${${v}}`).join(', '),
      );
    default:
      return l10n.t('The destination setting "{0}" must be a folder inside the workspace folder.', choice.detail);
  }
}
