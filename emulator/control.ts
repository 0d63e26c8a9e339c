/** The control API over HTTP, for tests and tools in other processes: tokens, sessions, picks and faults. */
import type * as http from 'node:http';
import type { Fault } from './faults';
import { readBody, sendJson } from './http';
import type { EmulatorState } from './state';

export async function serveControl(state: EmulatorState, req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
  const path = url.pathname.slice('/__emulator'.length);
  const body = req.method === 'POST' ? await readBody(req) : '';
  const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  if (path === '/token' && req.method === 'POST')
    return sendJson(res, 200, { access_token: state.issueAccessToken(json.lifetimeSec as number | undefined) });
  if (path === '/sessions' && req.method === 'GET')
    return sendJson(res, 200, { sessions: [...state.sessions.values()].map(({ polls, ...s }) => ({ ...s, polls: polls.length })) });
  const pickMatch = /^\/sessions\/([^/]+)\/pick$/.exec(path);
  if (pickMatch && req.method === 'POST') {
    state.pick(decodeURIComponent(pickMatch[1]), json as { itemIds?: string[]; count?: number });
    return sendJson(res, 200, {});
  }
  if (path === '/faults' && req.method === 'POST') {
    state.faults.add(json as Fault);
    return sendJson(res, 200, {});
  }
  if (path === '/faults' && req.method === 'DELETE') {
    state.faults.clear();
    return sendJson(res, 200, {});
  }
  sendJson(res, 404, { error: 'unknown control call' });
}
