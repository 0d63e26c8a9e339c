import * as assert from 'node:assert/strict';
import { parseDesktopClientFile } from '../../src/auth/oauthClientFile';

/** What Google Cloud console downloads for a Desktop app client (made-up values). */
const DESKTOP = {
  installed: {
    client_id: '123-abc.apps.googleusercontent.com',
    project_id: 'photos-import',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_secret: 'GOCSPX-made-up',
    redirect_uris: ['http://localhost'],
  },
};
const installed = (fields: Record<string, unknown>) => JSON.stringify({ installed: { ...DESKTOP.installed, ...fields } });

describe("the publisher's client file (GOOGLE_PHOTOS_OAUTH_CLIENT_FILE)", () => {
  it('reads the client id and secret of a Desktop app client', () => {
    assert.deepEqual(parseDesktopClientFile(JSON.stringify(DESKTOP), 'client.json'), {
      clientId: '123-abc.apps.googleusercontent.com',
      clientSecret: 'GOCSPX-made-up',
    });
  });

  const refused: { name: string; text: string; says: RegExp }[] = [
    { name: 'text that is not JSON', text: 'client_id=123', says: /client\.json is not JSON\./ },
    { name: 'an empty file', text: '', says: /is not JSON/ },
    { name: 'a JSON array', text: '[]', says: /not a JSON object/ },
    { name: 'a JSON string', text: '"123-abc.apps.googleusercontent.com"', says: /not a JSON object/ },
    {
      name: 'a Web application client',
      text: JSON.stringify({ web: DESKTOP.installed }),
      says: /a "Web application" client \("web"\).*Desktop app/,
    },
    { name: 'a client under another key', text: JSON.stringify({ other: DESKTOP.installed }), says: /a "other" client/ },
    { name: 'an object with no client', text: '{}', says: /no "installed" client/ },
    { name: '"installed" that is not an object', text: JSON.stringify({ installed: 'x' }), says: /no "installed" client/ },
    { name: 'a client without client_id', text: installed({ client_id: undefined }), says: /has no "client_id"/ },
    { name: 'a blank client_id', text: installed({ client_id: '  ' }), says: /has no "client_id"/ },
    { name: 'a client_id that is not a string', text: installed({ client_id: 123 }), says: /has no "client_id"/ },
    { name: 'a client without client_secret', text: installed({ client_secret: undefined }), says: /has no "client_secret"/ },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}, saying what the file must be`, () => {
      assert.throws(
        () => parseDesktopClientFile(c.text, 'client.json'),
        (e: Error) =>
          c.says.test(e.message) &&
          e.message.includes('client.json') &&
          /GOOGLE_PHOTOS_OAUTH_CLIENT_FILE must name .*"Desktop app".*Download JSON/.test(e.message),
      );
    });
  }

  it('never puts the secret in a message, also when the file is only the secret or broken JSON around it', () => {
    for (const text of ['GOCSPX-made-up', '{"installed": {"client_secret": "GOCSPX-made-up" "x"}}', installed({ client_id: '' })]) {
      assert.throws(
        () => parseDesktopClientFile(text, 'client.json'),
        (e: Error) => !e.message.includes('GOCSPX-made-up'),
        text,
      );
    }
  });
});
