// How values read on the page: dates in UTC, key states as badges, AWS's words for key specs.

/** A date of the API (ISO-8601 text, or seconds since the epoch as AWS's JSON protocol gives them) as UTC text. */
export function dateText(value) {
  if (value === undefined || value === null || value === '') {
    return '';
  }
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

const STATE_CLASSES = {
  Enabled: 'ok',
  Disabled: 'neutral',
  PendingDeletion: 'warning',
  PendingReplicaDeletion: 'warning',
  PendingImport: 'info',
  Creating: 'info',
  Updating: 'info',
  Unavailable: 'error',
};

/** The class of a key state's badge. */
export function stateClass(state) {
  return 'badge badge-' + (STATE_CLASSES[state] || 'neutral');
}

/** AWS's console words for a key's type. */
export function keyType(keySpec, keyUsage) {
  if (keySpec === 'SYMMETRIC_DEFAULT') {
    return 'Symmetric';
  }
  if (keySpec && keySpec.startsWith('HMAC')) {
    return 'HMAC';
  }
  return keySpec ? 'Asymmetric' : '';
}

/** AWS's console words for a key's Regionality. */
export function regionality(multiRegion, multiRegionKeyType) {
  if (!multiRegion) {
    return 'Single-Region';
  }
  if (multiRegionKeyType === 'PRIMARY') {
    return 'Multi-Region primary';
  }
  if (multiRegionKeyType === 'REPLICA') {
    return 'Multi-Region replica';
  }
  return 'Multi-Region';
}

/** The key ID at the end of a key ARN (or the text itself). */
export function keyIdOf(arnOrId) {
  const text = String(arnOrId || '');
  const slash = text.lastIndexOf('key/');
  return slash >= 0 ? text.slice(slash + 4) : text;
}

/** The Region in a KMS ARN. */
export function regionOf(arn) {
  const parts = String(arn || '').split(':');
  return parts.length > 3 ? parts[3] : '';
}

/** A public key (base64 DER) as PEM text. */
export function pem(base64) {
  const lines = String(base64).match(/.{1,64}/g) || [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----'].join('\n');
}

/** A key policy, pretty-printed when it is JSON. */
export function policyText(policy) {
  try {
    return JSON.stringify(JSON.parse(policy), null, 2);
  } catch (e) {
    return String(policy || '');
  }
}
