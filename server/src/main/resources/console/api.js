// The server's JSON endpoints the console reads (and the outage endpoints it writes). Once an operator signed in
// (a strict-mode server), every request is signed with SigV4 in the tab (sigv4.js); the secret itself is never sent.
import * as session from './session.js';
import {signedHeaders} from './sigv4.js';

const CONSOLE_API = '/_meridian/console/api/';
const OUTAGES = '/_meridian/outages';

/** An error answer of the server: its HTTP status and message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * How far the server's clock is ahead of this tab's, in milliseconds: learnt, as AWS's SDKs learn it, from the Date of
 * an answer that refused a signature for its time (a browser clock more than five minutes off); 0 until then.
 */
let clockOffset = 0;
const SIGNATURE_TIME_REFUSED = /InvalidSignatureException: Signature (expired|not yet current)/;

/**
 * A request to the server; signed with credentials ({accessKeyId, secretAccessKey, region}) when there are some. A
 * signature refused for its time is corrected by the server's Date and sent once more.
 */
async function request(method, path, body, credentials = session.current()) {
  let answer = await send(method, path, body, credentials);
  if (credentials && answer.status === 403 && answer.json && SIGNATURE_TIME_REFUSED.test(answer.json.message || '')) {
    const serverTime = Date.parse(answer.date || '');
    if (!Number.isNaN(serverTime)) {
      clockOffset = serverTime - Date.now();
      answer = await send(method, path, body, credentials);
    }
  }
  if (!answer.ok) {
    throw new ApiError(answer.status, answer.json && answer.json.message ? answer.json.message : 'HTTP ' + answer.status);
  }
  return answer.json;
}

/** One attempt: its status, Date header and JSON body (null when none or not JSON). */
async function send(method, path, body, credentials) {
  const options = {method, cache: 'no-store', credentials: 'omit', headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const url = new URL(path, location.href);
  if (credentials) {
    const now = new Date(Date.now() + clockOffset);
    Object.assign(options.headers, signedHeaders(method, url, options.body || '', credentials, now));
  }
  let response;
  try {
    response = await fetch(url.href, options);
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached (' + e.message + ')');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  return {ok: response.ok, status: response.status, date: response.headers.get('Date'), json};
}

function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export const api = {
  overview: () => request('GET', CONSOLE_API + 'overview'),
  /** The overview read with credentials that are not (yet) the session's: signing in tries them with it. */
  overviewSignedBy: credentials => request('GET', CONSOLE_API + 'overview', undefined, credentials),
  keys: (account, region) => request('GET', CONSOLE_API + 'keys' + query({account, region})),
  key: (account, region, keyId) => request('GET', CONSOLE_API + 'key' + query({account, region, keyId})),
  audit: parameters => request('GET', CONSOLE_API + 'audit' + query(parameters)),
  outages: () => request('GET', OUTAGES),
  addOutage: outage => request('POST', OUTAGES, outage),
  liftOutage: id => request('DELETE', OUTAGES + '/' + encodeURIComponent(id)),
};
