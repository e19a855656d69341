// The audit trail: the CloudTrail events the server recorded, narrowed by event name, key, errors and time,
// a page at a time (the API's nextToken).
import {api} from './api.js';
import {h, panel, route, table} from './dom.js';
import {dateText, keyIdOf, regionOf} from './format.js';

const EVENT_NAMES = ['CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateGrant', 'CreateKey', 'Decrypt',
  'DeleteAlias', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeKey', 'DisableKey', 'DisableKeyRotation',
  'EnableKey', 'EnableKeyRotation', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom',
  'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial', 'ListAliases',
  'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'PutKeyPolicy', 'ReEncrypt',
  'ReplicateKey', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'TagResource',
  'UntagResource', 'UpdateAlias', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac'];
const PAGE_SIZES = ['10', '25', '50', '100'];
const DEFAULT_PAGE_SIZE = '25';

/** A datetime-local value, read as UTC, as seconds since 1970 (the API's times); and back. */
function secondsOf(local) {
  if (!local) {
    return '';
  }
  const milliseconds = Date.parse(local + (local.length === 16 ? ':00Z' : 'Z'));
  return Number.isNaN(milliseconds) ? '' : String(Math.floor(milliseconds / 1000));
}

function localOf(seconds) {
  const date = new Date(Number(seconds) * 1000);
  return seconds && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 19) : '';
}

function field(label, control) {
  return h('label', {class: 'field'}, h('span', {class: 'field-label'}, label), control);
}

function keysOf(event) {
  const keys = (event.keyArns || []).map(arn => h('a', {class: 'mono nowrap', href: route('key',
    {account: event.accountId, region: regionOf(arn), keyId: keyIdOf(arn)})}, keyIdOf(arn)));
  return keys.length > 0 ? h('span', {class: 'key-list'}, keys) : h('span', {class: 'muted'}, '-');
}

export async function auditView(context) {
  const {account, region, parameters} = context;
  const limit = PAGE_SIZES.includes(parameters.limit) ? parameters.limit : DEFAULT_PAGE_SIZE;
  const allRegions = parameters.allRegions === 'true';
  const query = {
    account, region: allRegions ? '' : region,
    eventName: parameters.eventName, keyId: parameters.keyId, errorsOnly: parameters.errorsOnly === 'true' ? 'true' : '',
    from: parameters.from, to: parameters.to, limit, nextToken: parameters.nextToken,
  };
  const answer = await api.audit(query);
  const events = answer.events || [];
  const previousTokens = parameters.previous ? parameters.previous.split(',') : [];

  const eventName = h('input', {name: 'eventName', id: 'audit-event-name', list: 'event-names', value: parameters.eventName || '',
    placeholder: 'Any event', autocomplete: 'off'});
  const keyId = h('input', {name: 'keyId', id: 'audit-key', value: parameters.keyId || '', placeholder: 'Key ID or ARN',
    autocomplete: 'off'});
  const errorsOnly = h('input', {type: 'checkbox', name: 'errorsOnly', id: 'audit-errors-only',
    checked: parameters.errorsOnly === 'true'});
  const from = h('input', {type: 'datetime-local', step: 1, name: 'from', id: 'audit-from', value: localOf(parameters.from)});
  const to = h('input', {type: 'datetime-local', step: 1, name: 'to', id: 'audit-to', value: localOf(parameters.to)});
  const regionScope = h('select', {name: 'allRegions', id: 'audit-region'},
    h('option', {value: '', selected: !allRegions}, region), h('option', {value: 'true', selected: allRegions}, 'All Regions'));
  const pageSize = h('select', {name: 'limit', id: 'audit-limit'},
    PAGE_SIZES.map(size => h('option', {value: size, selected: size === limit}, size + ' per page')));
  const apply = event => {
    event.preventDefault();
    context.navigate(route('audit', {account, region, allRegions: regionScope.value, eventName: eventName.value.trim(), keyId: keyId.value.trim(),
      errorsOnly: errorsOnly.checked ? 'true' : '', from: secondsOf(from.value), to: secondsOf(to.value), limit: pageSize.value}));
  };
  const form = h('form', {class: 'filters', id: 'audit-filters', onsubmit: apply},
    field('Region', regionScope),
    field('Event name', eventName),
    h('datalist', {id: 'event-names'}, EVENT_NAMES.map(name => h('option', {value: name}))),
    field('Key', keyId),
    field('From (UTC)', from),
    field('To (UTC)', to),
    field('Page size', pageSize),
    h('label', {class: 'field checkbox'}, errorsOnly, h('span', {}, 'Errors only')),
    h('div', {class: 'filter-actions'},
      h('button', {type: 'submit', class: 'button button-primary', id: 'audit-apply'}, 'Apply filters'),
      h('a', {class: 'button', id: 'audit-clear', href: route('audit', {account, region})}, 'Clear')));

  const rows = table([
    {title: 'Event time', cell: event => h('span', {class: 'nowrap'}, dateText(event.eventTime))},
    {title: 'Event name', cell: event => h('span', {class: 'event-name'}, event.eventName)},
    {title: 'Region', cell: event => h('span', {class: 'nowrap'}, event.region || '')},
    {title: 'Keys', cell: keysOf},
    {title: 'Outcome', cell: event => event.errorCode
      ? [h('span', {class: 'badge badge-error error-code'}, event.errorCode),
        h('div', {class: 'error-message'}, event.errorMessage || '')]
      : h('span', {class: 'badge badge-ok'}, 'Success')},
    {title: 'User', cell: event => event.userName || ''},
    {title: 'Source IP', cell: event => h('span', {class: 'mono nowrap'}, event.sourceIPAddress || '')},
    {title: 'Request ID', cell: event => h('span', {class: 'mono small nowrap'}, event.requestId || '')},
  ], events, 'No events match these filters.', {id: 'audit-events'});

  const pageNumber = previousTokens.length + 1;
  const here = {account, region, allRegions: parameters.allRegions, eventName: parameters.eventName, keyId: parameters.keyId, errorsOnly: parameters.errorsOnly,
    from: parameters.from, to: parameters.to, limit: parameters.limit};
  const older = answer.nextToken
    ? h('a', {class: 'button', id: 'audit-next', href: route('audit', Object.assign({}, here, {nextToken: answer.nextToken,
      previous: [...previousTokens, parameters.nextToken || '-'].join(',')}))}, 'Older events ›')
    : h('span', {class: 'button disabled', id: 'audit-next', 'aria-disabled': 'true'}, 'Older events ›');
  const back = previousTokens.length > 0 ? previousTokens[previousTokens.length - 1] : null;
  const newer = previousTokens.length > 0
    ? h('a', {class: 'button', id: 'audit-previous', href: route('audit', Object.assign({}, here, {
      nextToken: back === '-' ? '' : back, previous: previousTokens.slice(0, -1).join(',')}))}, '‹ Newer events')
    : h('span', {class: 'button disabled', id: 'audit-previous', 'aria-disabled': 'true'}, '‹ Newer events');
  const pager = h('div', {class: 'pager'}, newer, h('span', {class: 'page-number', id: 'audit-page'}, 'Page ' + pageNumber), older);

  return h('div', {class: 'page', id: 'audit-page-view'},
    h('div', {class: 'page-header'},
      h('h1', {}, 'Audit trail'),
      h('p', {class: 'subtitle'}, 'CloudTrail events of account ', h('span', {class: 'mono'}, account), ' in ',
        allRegions ? 'all Regions' : h('span', {class: 'mono'}, region), ', newest first')),
    panel('Filters', null, form),
    panel('Events', pager, rows));
}
