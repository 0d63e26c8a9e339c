/**
 * The links makeLinks writes, read by the renderers people publish with: every hostile name, in one document per
 * language, must come out of the real renderer as a source that names exactly its file (and its alt text intact).
 * A renderer that is not installed skips its tests with the package to install; CI (.ci/run) installs them all.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeLink, makeLinks } from '../../src/workflow/links';
import { createHostileFiles, type HostileFile } from './hostileNames';
import { installed, renderedSources, resolveAsBrowser, run, type RenderedSource } from './renderedSources';

interface Renderer {
  title: string;
  languageId: string;
  extension: string;
  /** The command that must be installed, and the Debian package that brings it. */
  command: string;
  debianPackage: string;
  /** The sources the renderer read, in document order. */
  render(documentPath: string, folder: string): RenderedSource[];
  /** Which links carry the alt text from the settings (into alt, title or link text). */
  carriesAlt: ReadonlySet<HostileFile['kind']>;
  /** Which links it shows (LaTeX writes a video as a comment). */
  kinds?: ReadonlySet<HostileFile['kind']>;
  /** The alt text as the format can carry it, when that differs from the settings' text. */
  altAsRead?: (alt: string) => string;
  /** Names the format cannot carry, with the renderer's evidence (seen failing in their own test below). */
  limits?: Limit[];
}

interface Limit {
  applies: (f: HostileFile) => boolean;
  why: string;
  /** The link stops the whole document from rendering: it is left out of the shared document. */
  breaksDocument?: boolean;
}

const both = new Set<HostileFile['kind']>(['photo', 'video']);
const photos = new Set<HostileFile['kind']>(['photo']);
const none = new Set<HostileFile['kind']>();

const pandoc = (reader: string): Renderer => ({
  title: `markdown through pandoc -f ${reader}`,
  languageId: 'markdown',
  extension: 'md',
  command: 'pandoc',
  debianPackage: 'pandoc',
  carriesAlt: both,
  render: (doc, folder) => renderedSources(run('pandoc', ['-f', reader, '-t', 'html', doc], folder), folder),
});

const RENDERERS: Renderer[] = [
  {
    // The page itself, as a browser parses it: no renderer between.
    title: 'html as a browser reads it',
    languageId: 'html',
    extension: 'html',
    command: process.execPath,
    debianPackage: 'nodejs',
    carriesAlt: photos,
    render: (doc, folder) => renderedSources(fs.readFileSync(doc, 'utf8'), folder),
  },
  pandoc('commonmark'),
  pandoc('gfm'),
  {
    title: 'restructuredtext through docutils (rst2html5)',
    languageId: 'restructuredtext',
    extension: 'rst',
    command: 'rst2html5',
    debianPackage: 'python3-docutils',
    carriesAlt: both,
    // docutils strips an option's value (:alt:), and a link's text cannot start or end with a space.
    altAsRead: (alt) => alt.trim(),
    render: (doc, folder) => renderedSources(run('rst2html5', ['--input-encoding=utf-8', '--output-encoding=utf-8', doc], folder), folder),
  },
  {
    title: 'asciidoc through asciidoctor',
    languageId: 'asciidoc',
    extension: 'adoc',
    command: 'asciidoctor',
    debianPackage: 'asciidoctor',
    carriesAlt: photos,
    render: (doc, folder) => renderedSources(run('asciidoctor', ['-s', '-o', '-', doc], folder), folder),
  },
  {
    title: "org through Emacs's Org HTML export",
    languageId: 'org',
    extension: 'org',
    command: 'emacs',
    debianPackage: 'emacs-nox',
    carriesAlt: none,
    limits: [
      {
        applies: (f) => /[#?%\\]/.test(f.name) || (f.kind === 'video' && f.name.includes('"')),
        why: "Org's HTML export writes a file link's path unencoded (a browser reads # as a fragment, ? a query, % an escape, \\ a /; \" ends a video's href); the link names the file for Emacs",
      },
      {
        applies: (f) => f.name.includes('::'),
        why: 'Org reads "::" in a file link as a search option: the export stops, unable to resolve the link',
        breaksDocument: true,
      },
    ],
    render: (doc, folder) => {
      const lisp = `(progn (require 'ox-html) (find-file ${JSON.stringify(doc)}) (org-html-export-to-html nil nil nil t))`;
      run('emacs', ['--batch', '-Q', '--eval', lisp], folder);
      return renderedSources(fs.readFileSync(doc.replace(/\.org$/, '.html'), 'utf8'), folder);
    },
  },
  {
    title: 'latex through pdflatex with graphicx',
    languageId: 'latex',
    extension: 'tex',
    command: 'pdflatex',
    debianPackage: 'texlive-latex-base',
    carriesAlt: none,
    kinds: photos,
    limits: [{ applies: (f) => f.name.includes('"'), why: 'graphicx removes " from a file name (its quoting for spaces)' }],
    render: (doc, folder) => latexIncludedFiles(doc, folder),
  },
];

/** pdflatex's log names each graphic it read ("File: <path> Graphic file"), after a marker written before each link. */
function latexIncludedFiles(doc: string, folder: string): RenderedSource[] {
  const links = fs.readFileSync(doc, 'utf8').trim().split('\n\n');
  const body = links.map((link) => `\\typeout{${LATEX_MARKER}}\n${link}`).join('\n\n');
  fs.writeFileSync(doc, `\\documentclass{article}\n\\usepackage{graphicx}\n\\begin{document}\n${body}\n\\end{document}\n`);
  spawnSync('pdflatex', ['-interaction=nonstopmode', path.basename(doc)], {
    cwd: folder,
    env: { ...process.env, max_print_line: '10000' },
    timeout: 120_000,
  });
  const log = fs.readFileSync(doc.replace(/\.tex$/, '.log'), 'utf8');
  return log
    .split(`${LATEX_MARKER}\n`)
    .slice(1)
    .map((chunk) => {
      const read = /^File: (.*) Graphic file \(type/m.exec(chunk)?.[1];
      return read === undefined
        ? { tag: 'includegraphics', src: '', file: `(not read: ${/^!.*$/m.exec(chunk)?.[0]})` }
        : { tag: 'includegraphics', src: read, file: path.resolve(folder, read) };
    });
}

const LATEX_MARKER = 'GPI-LINK';

/** One line per link that a renderer read wrongly: the name, the link text, what it read. */
function mismatches(
  files: HostileFile[],
  read: RenderedSource[],
  linkText: (f: HostileFile) => string,
  check: (f: HostileFile, s: RenderedSource | undefined) => boolean,
): string[] {
  const wrong = files.flatMap((f, i) =>
    check(f, read[i])
      ? []
      : [
          `${JSON.stringify(f.name)}: ${JSON.stringify(linkText(f))} -> ${read[i] ? `${JSON.stringify(read[i].src)} (${read[i].file}) alt ${JSON.stringify(read[i].alt)}` : 'nothing'}`,
        ],
  );
  if (read.length !== files.length) wrong.push(`${files.length} links written, ${read.length} sources read`);
  return wrong;
}

describe('links read by the real renderers, for hostile file names', function () {
  this.timeout(120_000);
  let root = '';
  let files: HostileFile[] = [];
  const settings = { altText: '${fileName}' };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-renderers-'));
    files = createHostileFiles(root);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const renderer of RENDERERS) {
    describe(renderer.title, () => {
      let read: RenderedSource[] = [];
      let shown: HostileFile[] = [];
      const documentPath = () => path.join(root, `page.${renderer.extension}`);
      const linkText = (f: HostileFile) => makeLink(f, { languageId: renderer.languageId, documentPath: documentPath() }, settings);

      before(function () {
        if (!installed(renderer.command)) {
          console.log(`      skipped: ${renderer.command} is not installed (apt-get install ${renderer.debianPackage}); CI installs it`);
          this.skip();
        }
        const breaking = (f: HostileFile) => (renderer.limits ?? []).some((l) => l.breaksDocument && l.applies(f));
        shown = files.filter((f) => (renderer.kinds ?? both).has(f.kind) && !breaking(f));
        fs.writeFileSync(
          documentPath(),
          makeLinks(shown, { languageId: renderer.languageId, documentPath: documentPath() }, settings) + '\n',
        );
        read = renderer.render(documentPath(), root);
      });

      const limited = (f: HostileFile) => (renderer.limits ?? []).some((l) => l.applies(f));

      it('resolves every link to exactly its file', () => {
        const wrong = mismatches(shown, read, linkText, (f, s) => limited(f) || (s?.file === f.fsPath && fs.existsSync(s.file)));
        assert.deepEqual(wrong, [], `${renderer.title} read ${wrong.length} links wrongly:\n${wrong.join('\n')}`);
      });

      if (renderer.carriesAlt.size > 0) {
        it('keeps every alt text as written in the settings', () => {
          const withAlt = shown.filter((f) => renderer.carriesAlt.has(f.kind));
          const readAlt = withAlt.map((f) => read[shown.indexOf(f)]);
          const asRead = renderer.altAsRead ?? ((alt: string) => alt);
          const wrong = mismatches(withAlt, readAlt, linkText, (f, s) => s?.alt === asRead(f.name));
          assert.deepEqual(wrong, [], `${renderer.title} changed ${wrong.length} alt texts:\n${wrong.join('\n')}`);
        });
      }

      for (const limit of renderer.limits ?? []) {
        it(`cannot carry some names: ${limit.why}`, () => {
          const affected = files.filter((f) => (renderer.kinds ?? both).has(f.kind) && limit.applies(f));
          assert.ok(affected.length > 0, 'the table has names this limit is about');
          if (limit.breaksDocument) {
            const alone = path.join(root, `limit.${renderer.extension}`);
            for (const f of affected) {
              fs.writeFileSync(alone, makeLink(f, { languageId: renderer.languageId, documentPath: alone }, settings) + '\n');
              assert.throws(
                () => renderer.render(alone, root),
                `${renderer.title} renders ${JSON.stringify(f.name)} after all: drop it from the limit`,
              );
            }
          } else {
            const readRight = affected.filter((f) => read[shown.indexOf(f)]?.file === f.fsPath).map((f) => f.name);
            assert.deepEqual(readRight, [], `${renderer.title} reads these after all: drop them from the limit`);
          }
        });
      }
    });
  }

  it('resolves as a browser does: percent-decoded, relative to the page', () => {
    assert.equal(resolveAsBrowser('media/a%20b%23.png', '/doc/folder'), '/doc/folder/media/a b#.png');
    assert.equal(resolveAsBrowser('media/a#b.png', '/doc/folder'), '/doc/folder/media/a', 'an unencoded # starts the fragment');
  });
});
