import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { checkLinkSettings, hasLinkFormat, type LinkedFile, type LinkSettings, makeLinks } from '../workflow/links';
import { makeLinksSnippet } from '../workflow/linkSnippet';
import { TemplateError } from '../workflow/template';
import type { ImportedFile } from './importView';
import type { Settings } from './settings';

type Vs = Pick<typeof vscode, 'window' | 'workspace' | 'env' | 'l10n' | 'commands' | 'WorkspaceEdit' | 'TabInputText'> &
  // Snippet edits in a WorkspaceEdit: looked up at run time, plain text where a VS Code lacks them.
  Partial<Pick<typeof vscode, 'SnippetTextEdit' | 'SnippetString'>>;

/** The editor an import was started from: its document and selection, taken when the command ran. */
export interface LinkTarget {
  document: vscode.TextDocument;
  selection: vscode.Range;
}

export type InsertOutcome =
  | { kind: 'inserted'; documentName: string }
  /** Why nothing was inserted; `copy` says whether offering Copy Links makes sense. */
  | {
      kind: 'not-inserted';
      reason: 'no-editor' | 'closed' | 'untitled' | 'no-format' | 'disabled' | 'template-error' | 'edit-refused';
      copy: boolean;
    };

/** The view's imported files as the link maker wants them. */
export function toLinkedFiles(files: readonly ImportedFile[]): LinkedFile[] {
  return files.map((f) => ({
    fsPath: f.path,
    kind: f.kind,
    width: f.width,
    height: f.height,
    variants: f.variants?.map((v) => ({ width: v.width, fsPath: v.path })),
    posterPath: f.poster,
    facts: f.facts,
  }));
}

const LAST_IMPORT_KEY = 'googlePhotosImport.lastImport';

/**
 * Writes the links of imported files into documents: at the cursor of the editor an import started from (one edit,
 * one undo), at the current cursor for the panel's Insert, or to the clipboard.
 */
export class LinkWriter {
  constructor(
    private readonly vs: Vs,
    private readonly settings: Settings,
    private readonly workspaceState: vscode.Memento,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {}

  /** The editor an import started from: kept, so the panel's Insert can prefer it later. */
  private importTarget: LinkTarget | undefined;
  /** linkRoot values already warned about (once each, not at every insert). */
  private readonly warnedRoots = new Set<string>();

  /** The active editor's document and selection when an import starts, if there is an editor. */
  capture(): LinkTarget | undefined {
    const editor = this.vs.window.activeTextEditor;
    this.importTarget = editor ? { document: editor.document, selection: editor.selection } : undefined;
    return this.importTarget;
  }

  /** Where the panel's Insert writes: the active editor, else the import's own while still visible, else any visible. */
  currentTarget(): LinkTarget | undefined {
    const { window } = this.vs;
    const editor =
      window.activeTextEditor ??
      window.visibleTextEditors.find((e) => e.document === this.importTarget?.document) ??
      window.visibleTextEditors[0];
    return editor ? { document: editor.document, selection: editor.selection } : undefined;
  }

  /** Says why links were not inserted, when the user asked for them (Insert, Insert Links from Last Import). */
  explain(outcome: InsertOutcome): void {
    if (outcome.kind === 'inserted' || outcome.reason === 'template-error') return;
    const { window, l10n } = this.vs;
    const messages: Record<typeof outcome.reason, string> = {
      'no-editor': l10n.t('Open the document to insert the links into, place the cursor, and try again.'),
      closed: l10n.t('The document was closed; nothing was inserted.'),
      untitled: l10n.t('Save the document first: links are written relative to its folder.'),
      'no-format': l10n.t("This document's language has no link format; use Copy Links, or add one in googlePhotosImport.linkTemplates."),
      disabled: l10n.t('Inserting links is turned off (googlePhotosImport.insertLinks).'),
      'edit-refused': l10n.t('The document could not be edited; nothing was inserted.'),
    };
    void window.showInformationMessage(messages[outcome.reason]);
  }

  /** Replaces the target's selection with one link per file, as a single edit. */
  async insert(target: LinkTarget | undefined, files: readonly LinkedFile[], automatic = false): Promise<InsertOutcome> {
    if (!target) return { kind: 'not-inserted', reason: 'no-editor', copy: true };
    const { document } = target;
    const settings = this.linkSettings(document);
    if (automatic && !settings.insert) return { kind: 'not-inserted', reason: 'disabled', copy: false };
    if (this.isClosed(document)) return { kind: 'not-inserted', reason: 'closed', copy: true };
    // An untitled document has no folder for the links to be relative to.
    if (document.uri.scheme !== 'file') return { kind: 'not-inserted', reason: 'untitled', copy: true };
    if (!hasLinkFormat(document.languageId, settings)) return { kind: 'not-inserted', reason: 'no-format', copy: true };
    const edit = await this.linksEdit(target, files, settings);
    if (!edit) return { kind: 'not-inserted', reason: 'template-error', copy: false };
    if (!(await this.vs.workspace.applyEdit(edit))) return { kind: 'not-inserted', reason: 'edit-refused', copy: true };
    return { kind: 'inserted', documentName: path.basename(document.uri.fsPath) };
  }

  /**
   * Whether the link settings for this document (or the user's) are usable; if not, says which variable is wrong with
   * a button to the setting. Asked before an import starts.
   */
  checkSettings(document: vscode.TextDocument | undefined): boolean {
    const { templates, altText, captionText } = this.settings.links(document?.uri);
    try {
      checkLinkSettings({ templates, altText, captionText });
      return true;
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const { window, commands, l10n } = this.vs;
      const openSettings = l10n.t('Open Settings');
      const setting = /googlePhotosImport\.\w+/.exec(err.message)?.[0] ?? 'googlePhotosImport';
      void window
        .showErrorMessage(l10n.t('The import did not start: {0}', err.message), openSettings)
        .then((b) => b && commands.executeCommand('workbench.action.openSettings', setting));
      return false;
    }
  }

  /**
   * One edit replacing the selection: a snippet whose alt texts are tab stops when the setting asks for it, snippet
   * edits exist, and an editor shows the document (VS Code makes a snippet only in the active editor, so that one is
   * focused); else plain text. Undefined after a template error (said to the user).
   */
  private async linksEdit(
    target: LinkTarget,
    files: readonly LinkedFile[],
    settings: LinkSettings & { altTextPlaceholders: boolean },
  ): Promise<vscode.WorkspaceEdit | undefined> {
    const { document } = target;
    const { SnippetTextEdit, SnippetString, window } = this.vs;
    const edit = new this.vs.WorkspaceEdit();
    const shown =
      window.activeTextEditor?.document === document
        ? window.activeTextEditor
        : window.visibleTextEditors.find((e) => e.document === document);
    if (settings.altTextPlaceholders && SnippetTextEdit && SnippetString && shown) {
      const snippet = this.attempt(() =>
        makeLinksSnippet(files, { languageId: document.languageId, documentPath: document.uri.fsPath }, settings),
      );
      if (snippet === null) return undefined;
      if (snippet !== undefined) {
        if (window.activeTextEditor !== shown)
          await window.showTextDocument(document, { viewColumn: shown.viewColumn, preserveFocus: false });
        edit.set(document.uri, [SnippetTextEdit.replace(target.selection, new SnippetString(snippet))]);
        return edit;
      }
    }
    const text = this.render(files, document.languageId, document.uri.fsPath, settings);
    if (text === undefined) return undefined;
    edit.replace(document.uri, target.selection, text);
    return edit;
  }

  /** Copies the links: in the active editor's format when it has one, else Markdown relative to `fallbackDir`. */
  async copy(files: readonly LinkedFile[], fallbackDir: string): Promise<boolean> {
    const document = this.vs.window.activeTextEditor?.document;
    const settings = this.linkSettings(document);
    const inEditor = document?.uri.scheme === 'file' && hasLinkFormat(document.languageId, settings);
    const text =
      inEditor && document
        ? this.render(files, document.languageId, document.uri.fsPath, settings)
        : this.render(files, 'markdown', path.join(fallbackDir, 'links.md'), settings);
    if (text === undefined) return false;
    await this.vs.env.clipboard.writeText(text);
    return true;
  }

  /** Kept per workspace, so "Insert Links from Last Import" works after a reload. */
  async remember(files: readonly LinkedFile[]): Promise<void> {
    await this.workspaceState.update(LAST_IMPORT_KEY, files);
  }

  /** The last import's files that still exist. */
  lastImport(): LinkedFile[] {
    const files = this.workspaceState.get<LinkedFile[]>(LAST_IMPORT_KEY) ?? [];
    return files.filter((f) => typeof f?.fsPath === 'string' && fs.existsSync(f.fsPath));
  }

  /** Closed by the user: no tab shows it any more (VS Code may keep the document itself alive a while longer). */
  private isClosed(document: vscode.TextDocument): boolean {
    if (document.isClosed) return true;
    const uri = document.uri.toString();
    return !this.vs.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof this.vs.TabInputText && t.input.uri.toString() === uri),
    );
  }

  /** The text, or undefined after telling the user which template variable is wrong (once per call). */
  private render(files: readonly LinkedFile[], languageId: string, documentPath: string, settings: LinkSettings): string | undefined {
    return this.attempt(() => makeLinks(files, { languageId, documentPath }, settings)) ?? undefined;
  }

  /** What `make` gives, or null after telling the user which template variable is wrong. */
  private attempt<T>(make: () => T): T | null {
    try {
      return make();
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const { window, l10n } = this.vs;
      void window.showWarningMessage(l10n.t('Links were not written: {0}', err.message));
      return null;
    }
  }

  private linkSettings(document: vscode.TextDocument | undefined): LinkSettings & { insert: boolean; altTextPlaceholders: boolean } {
    const scope = document?.uri;
    const { insert, templates, altText, captionText, altTextPlaceholders, linkRoot } = this.settings.links(scope);
    const folder = scope && this.vs.workspace.getWorkspaceFolder(scope);
    let root: string | undefined;
    if (linkRoot && folder) {
      root = path.resolve(folder.uri.fsPath, linkRoot);
      if (!fs.existsSync(root)) {
        const message = `googlePhotosImport.linkRoot "${linkRoot}" does not exist in ${folder.name}: links stay relative.`;
        this.log.warn(message);
        if (!this.warnedRoots.has(root)) void this.vs.window.showWarningMessage(message);
        this.warnedRoots.add(root);
        root = undefined;
      }
    }
    return { insert, templates, altText, captionText, altTextPlaceholders, linkRoot: root };
  }
}
