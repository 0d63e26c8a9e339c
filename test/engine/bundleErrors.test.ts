import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StaticTokenSource } from '../../src/auth/tokenSource';
import { ImportCancelledError } from '../../src/import';
import { ErrorReporter } from '../../src/vscode/errorReporter';
import { isImportCancelled } from '../../src/vscode/importController';
import { asVs, fakeLog, fakeVscode } from '../vscode-unit/fakeVscode';
import { tempDir } from './helpers';

const ENGINE = path.resolve(__dirname, '../../../dist/engine.js');

/**
 * extension.js loads the engine from dist/engine.js, a bundle with its own copy of every class. This runs the built
 * engine and hands its errors to the VS Code layer as compiled here (another copy, as in the extension).
 */
describe('errors from the engine bundle (dist/engine.js), as the VS Code layer sees them', () => {
  let engine: typeof import('../../src/import');
  let dest: string;

  before(() => {
    if (!fs.existsSync(ENGINE)) throw new Error(`${ENGINE} is missing: run "npm run build" first (npm test does).`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine = require(ENGINE);
  });
  beforeEach(() => (dest = tempDir()));
  afterEach(() => fs.rmSync(dest, { recursive: true, force: true }));

  async function cancelledImport(): Promise<unknown> {
    const options = {
      endpoints: { pickerApi: 'http://127.0.0.1:9/v1', trustedTestOrigins: [] },
      tokens: new StaticTokenSource('token'),
      destDir: dest,
      signal: AbortSignal.abort(),
    };
    return engine.importPhotos(options).then(
      () => assert.fail('the import was cancelled before it began'),
      (err: unknown) => err,
    );
  }

  it("a cancelled import is told by its code, although its class is the other bundle's", async () => {
    const err = await cancelledImport();
    assert.ok(!(err instanceof ImportCancelledError), 'two copies of the class, as in the extension');
    assert.equal((err as { code?: unknown }).code, 'GPI_IMPORT_CANCELLED');
    assert.ok(isImportCancelled(err), 'the import controller sees a cancel');
    assert.deepEqual(err.summary.imported, []);
  });

  it('the error reporter logs that cancel and shows nothing', async () => {
    const fake = fakeVscode();
    const log = fakeLog();
    new ErrorReporter(asVs(fake.vs), log).report(await cancelledImport(), 'Import', 'googlePhotosImport.import');
    assert.deepEqual(fake.shown, []);
    assert.deepEqual(log.lines, ['info: Import: cancelled.']);
  });
});
