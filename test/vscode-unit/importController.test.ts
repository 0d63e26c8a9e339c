import * as assert from 'node:assert/strict';
import { ImportController } from '../../src/vscode/importController';
import { Settings } from '../../src/vscode/settings';
import { ViewStore } from '../../src/vscode/viewStore';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

describe('ImportController.start while its folder question is open', () => {
  // New (from the review): a second run while the multi-root folder picker was open showed an empty "Starting" panel.
  it('a second run neither starts another import nor shows an empty panel', async () => {
    const fake = fakeVscode();
    const folder = (name: string) => ({ name, uri: { scheme: 'file', fsPath: `/${name}`, toString: () => `file:///${name}` } });
    let answerFolderPick: (value: unknown) => void = () => undefined;
    const vs = asVs({
      ...fake.vs,
      workspace: {
        workspaceFolders: [folder('a'), folder('b')],
        getWorkspaceFolder: () => undefined,
        getConfiguration: () => ({ get: (_k: string, fallback: unknown) => fallback }),
      },
      window: {
        ...fake.vs.window,
        activeTextEditor: undefined,
        showWorkspaceFolderPick: () => new Promise((resolve) => (answerFolderPick = resolve)),
      },
    });
    let shown = 0;
    const store = new ViewStore();
    const links = { capture: () => undefined };
    const controller = new ImportController(
      vs,
      new Settings(vs),
      asVs({}),
      store,
      asVs({ show: () => shown++ }),
      asVs({ report: () => undefined }),
      asVs(links),
      asVs(fakeLog()),
    );
    const first = controller.start();
    await new Promise((r) => setImmediate(r));
    assert.equal(await controller.start(), undefined);
    assert.equal(shown, 0, 'no panel while only the folder question is open');
    assert.equal(store.view.kind, 'idle');
    answerFolderPick(undefined); // the user dismisses the question
    assert.equal(await first, undefined);
  });
});
