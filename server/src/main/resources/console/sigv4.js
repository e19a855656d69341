// AWS Signature Version 4 in the browser, exactly as the server's SigV4Authenticator and SigV4Canonical verify an
// operator request (service kms): the canonical request (method, path with each segment encoded again, query
// parameters decoded, encoded again and sorted, signed headers host and x-amz-date, the payload's SHA-256), the
// string to sign, the signing key's HMAC chain and the Authorization header. SHA-256 and HMAC come from the vendored
// @noble/hashes (see vendor/README.md): crypto.subtle exists only in secure contexts, and a strict-mode server is
// often reached over plain http at a network address. The secret only feeds the HMAC chain; it is never sent.
import {hmac} from './vendor/hmac.js';
import {sha256} from './vendor/sha2.js';
import {bytesToHex, utf8ToBytes} from './vendor/utils.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const SERVICE = 'kms';
const HEX = '0123456789ABCDEF';

function unreserved(byte) {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
    || byte === 0x2d || byte === 0x5f || byte === 0x2e || byte === 0x7e;
}

/** SigV4's URI encoding: every byte of the UTF-8 text but A-Z a-z 0-9 - _ . ~ as %XY. */
export function encode(text) {
  let encoded = '';
  for (const byte of utf8ToBytes(text)) {
    encoded += unreserved(byte) ? String.fromCharCode(byte) : '%' + HEX[byte >> 4] + HEX[byte & 0xf];
  }
  return encoded;
}

function hexDigit(byte) {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Percent-decoding as UTF-8 ('+' stays '+'); a '%' not followed by two hex digits stays as it is. */
export function decode(text) {
  if (!text.includes('%')) {
    return text;
  }
  const raw = utf8ToBytes(text);
  const bytes = [];
  for (let index = 0; index < raw.length; index++) {
    if (raw[index] === 0x25 && index + 2 < raw.length && hexDigit(raw[index + 1]) && hexDigit(raw[index + 2])) {
      bytes.push(parseInt(String.fromCharCode(raw[index + 1], raw[index + 2]), 16));
      index += 2;
    } else {
      bytes.push(raw[index]);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** The path with each segment URI-encoded again (slashes kept); an empty path is '/'. */
export function canonicalPath(path) {
  return path === '' ? '/' : path.split('/').map(encode).join('/');
}

function compare(first, second) {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** The query (without '?') as sent: its parameters decoded, encoded again with SigV4's rules, sorted by name then value. */
export function canonicalQuery(query) {
  const parameters = query.split('&').filter(parameter => parameter !== '').map(parameter => {
    const equals = parameter.indexOf('=');
    const name = equals < 0 ? parameter : parameter.slice(0, equals);
    const value = equals < 0 ? '' : parameter.slice(equals + 1);
    return [encode(decode(name)), encode(decode(value))];
  });
  parameters.sort((first, second) => compare(first[0], second[0]) || compare(first[1], second[1]));
  return parameters.map(([name, value]) => name + '=' + value).join('&');
}

function hex(bytes) {
  return bytesToHex(bytes);
}

/** The time in ISO 8601's basic format, as X-Amz-Date carries it: 20261202T110000Z. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign a request: {Authorization, 'X-Amz-Date'}. url: the URL object the request goes to
 * (its host, path and query as the browser sends them); body: the text sent ('' when none); credentials:
 * {accessKeyId, secretAccessKey, region}; date: the request's time.
 */
export function signedHeaders(method, url, body, credentials, date) {
  const time = amzDate(date);
  const day = time.slice(0, 8);
  const signed = 'host;x-amz-date';
  const canonical = [method, canonicalPath(url.pathname), canonicalQuery(url.search.replace(/^\?/, '')),
    'host:' + url.host.trim(), 'x-amz-date:' + time, '', signed, hex(sha256(utf8ToBytes(body)))].join('\n');
  const scope = day + '/' + credentials.region + '/' + SERVICE + '/aws4_request';
  const stringToSign = [ALGORITHM, time, scope, hex(sha256(utf8ToBytes(canonical)))].join('\n');
  let key = utf8ToBytes('AWS4' + credentials.secretAccessKey);
  for (const part of [day, credentials.region, SERVICE, 'aws4_request']) {
    key = hmac(sha256, key, utf8ToBytes(part));
  }
  const signature = hex(hmac(sha256, key, utf8ToBytes(stringToSign)));
  return {
    'Authorization': ALGORITHM + ' Credential=' + credentials.accessKeyId + '/' + scope + ', SignedHeaders=' + signed
      + ', Signature=' + signature,
    'X-Amz-Date': time,
  };
}
