import type * as vscode from 'vscode';
import { chooseDestination, type DestinationChoice, type FolderLike, resolveIn } from './destination';
import type { Settings } from './settings';

type Vs = Pick<typeof vscode, 'window' | 'workspace' | 'commands' | 'l10n'>;
export type Destination = Extract<DestinationChoice, { kind: 'folder' }>;

/**
 * Where this import writes: the pure choice in destination.ts, plus the questions it may need (which folder of a
 * multi-root workspace, open a folder first) and the message for a setting that points outside.
 */
export async function askDestination(vs: Vs, settings: Settings): Promise<Destination | undefined> {
  const { window, workspace, commands, l10n } = vs;
  const folders = workspace.workspaceFolders;
  const editorUri = window.activeTextEditor?.document.uri;
  const active = editorUri ? workspace.getWorkspaceFolder(editorUri) : undefined;
  let choice = chooseDestination(folders, active, settings.destination(active ?? folders?.[0]));
  if (choice.kind === 'no-workspace') {
    const open = await window.showInformationMessage(l10n.t('Open a folder first: photos are imported into a folder of your workspace.'), l10n.t('Open Folder...'));
    if (open) await commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (choice.kind === 'ask') {
    const picked = await window.showWorkspaceFolderPick({ placeHolder: l10n.t('Import Google Photos into which folder?') });
    if (!picked) return undefined;
    choice = resolveIn(picked as FolderLike, settings.destination(picked), true);
  }
  if (choice.kind === 'invalid') {
    const message = choice.reason === 'not-on-disk'
      ? l10n.t('"{0}" is not on a disk this extension can write to. Open a local or remote folder.', choice.detail)
      : l10n.t('The destination setting "{0}" must be a folder inside the workspace folder.', choice.detail);
    const openSettings = l10n.t('Open Settings');
    void window.showErrorMessage(message, openSettings).then((b) => b && commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.destination'));
    return undefined;
  }
  return choice.kind === 'folder' ? choice : undefined;
}
