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

/** A request to the server; signed with credentials ({accessKeyId, secretAccessKey, region}) when there are some. */
async function request(method, path, body, credentials = session.current()) {
  const options = {method, cache: 'no-store', credentials: 'omit', headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const url = new URL(path, location.href);
  if (credentials) {
    Object.assign(options.headers, signedHeaders(method, url, options.body || '', credentials, new Date()));
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
  if (!response.ok) {
    throw new ApiError(response.status, json && json.message ? json.message : 'HTTP ' + response.status);
  }
  return json;
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
