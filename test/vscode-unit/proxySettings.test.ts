import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { mediaProxyFromSettings } from '../../src/vscode/proxySettings';

describe("the media proxy from VS Code's http settings (proxySettings.ts)", () => {
  const vsWith = (values: Record<string, unknown>) => {
    const asked: string[] = [];
    const workspace = {
      getConfiguration: (section: string) => {
        asked.push(section);
        return { get: (key: string) => values[key] };
      },
    };
    return { vs: { workspace } as unknown as Pick<typeof vscode, 'workspace'>, asked };
  };

  it('http.proxy for both schemes, with http.noProxy and NO_PROXY, the authorization and strictSSL', () => {
    const { vs, asked } = vsWith({
      proxy: 'http://proxy.corp:3128',
      noProxy: ['intranet.corp', 7],
      proxyAuthorization: 'Basic dTpw',
      proxyStrictSSL: false,
    });
    assert.deepEqual(mediaProxyFromSettings(vs, { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'localhost' }), {
      httpsProxy: 'http://proxy.corp:3128',
      httpProxy: 'http://proxy.corp:3128',
      noProxy: 'intranet.corp,localhost',
      authorization: 'Basic dTpw',
      strictSSL: false,
    });
    assert.deepEqual(asked, ['http']);
  });

  it("without http.proxy, the environment's proxy; with proxySupport off, none at all", () => {
    assert.deepEqual(mediaProxyFromSettings(vsWith({ proxy: '' }).vs, { HTTPS_PROXY: 'http://env:1' }), {
      httpsProxy: 'http://env:1',
      httpProxy: undefined,
      noProxy: '',
      authorization: undefined,
      strictSSL: true,
    });
    assert.deepEqual(
      mediaProxyFromSettings(vsWith({ proxy: 'http://proxy.corp:3128', proxySupport: 'off' }).vs, { HTTPS_PROXY: 'http://env:1' }),
      {},
    );
  });
});
