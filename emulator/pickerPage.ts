/** The picker web page a person clicks through (what pickerUri opens), and its Done button. */
import type * as http from 'node:http';
import { readForm, sendHtml } from './http';
import { errorPage, pickedPage, pickerPage } from './pages';
import type { EmulatorState } from './state';

export async function servePickerPage(state: EmulatorState, req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
  const match = /^\/picker\/([^/]+)(\/autoclose|\/done)?$/.exec(url.pathname);
  const session = match ? state.sessions.get(decodeURIComponent(match[1])) : undefined;
  if (!session || session.deleted || session.expireAt <= Date.now())
    return sendHtml(res, 404, errorPage('This link has expired', 'The picking session is over. Start a new import from your editor.'));
  if (match?.[2] === '/done' && req.method === 'POST') {
    if (session.mediaItemsSet) return sendHtml(res, 409, errorPage('Already done', 'This selection was already sent.'));
    const form = await readForm(req);
    state.pick(session.id, { itemIds: form.getAll('itemId') });
    return sendHtml(res, 200, pickedPage(session.picked.length, url.searchParams.has('autoclose')));
  }
  if (session.mediaItemsSet) return sendHtml(res, 200, errorPage('Selection sent', 'You already pressed Done for this session.'));
  sendHtml(res, 200, pickerPage(session.id, state.library, session.maxItemCount, match?.[2] === '/autoclose'));
}
