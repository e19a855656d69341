// A key's details, with the tabs of AWS's console: what DescribeKey, GetKeyPolicy, ListResourceTags,
// GetKeyRotationStatus, ListKeyRotations and ListAliases say of it, read through the console API.
import {api} from './api.js';
import {details, h, panel, route, table} from './dom.js';
import {dateText, keyType, pem, policyText, stateClass} from './format.js';
import {regionMap} from './region-map.js';

const TABS = [
  ['general', 'General configuration'],
  ['policy', 'Key policy'],
  ['cryptography', 'Cryptographic configuration'],
  ['tags', 'Tags'],
  ['rotation', 'Key rotation'],
  ['regionality', 'Regionality'],
  ['aliases', 'Aliases'],
];

function list(values) {
  return values && values.length > 0 ? h('ul', {class: 'plain-list'}, values.map(value => h('li', {}, value))) : null;
}

function yesNo(value) {
  return value ? 'Yes' : 'No';
}

function general(key, context) {
  const g = key.general;
  return panel('General configuration', null, details([
    ['Alias', list((key.aliases || []).map(alias => alias.aliasName)), 'aliases'],
    ['ARN', h('span', {class: 'mono'}, g.arn), 'arn'],
    ['Description', g.description, 'description'],
    ['Status', h('span', {class: stateClass(g.keyState)}, g.keyState), 'keyState'],
    ['Creation date', dateText(g.creationDate), 'creationDate'],
    g.deletionDate ? ['Scheduled deletion date', dateText(g.deletionDate), 'deletionDate'] : null,
    ['Enabled', yesNo(g.enabled), 'enabled'],
    ['Key manager', g.keyManager === 'AWS' ? 'AWS' : 'Customer', 'keyManager'],
    ['Origin', g.origin, 'origin'],
    g.expirationModel ? ['Expiration model', g.expirationModel, 'expirationModel'] : null,
    g.validTo ? ['Key material expires', dateText(g.validTo), 'validTo'] : null,
    g.currentKeyMaterialId ? ['Current key material ID', h('span', {class: 'mono'}, g.currentKeyMaterialId),
      'currentKeyMaterialId'] : null,
    ['Account', h('span', {class: 'mono'}, context.account), 'account'],
    ['Region', context.region, 'region'],
  ]));
}

function keyPolicy(key) {
  return panel('Key policy', null,
    h('p', {class: 'hint'}, 'The policy as GetKeyPolicy returns it (policy name "default").'),
    h('pre', {class: 'code', id: 'key-policy'}, policyText(key.keyPolicy)));
}

function cryptography(key) {
  const c = key.cryptographicConfiguration;
  return panel('Cryptographic configuration', null, details([
    ['Key type', keyType(c.keySpec, c.keyUsage), 'keyType'],
    ['Key spec', c.keySpec, 'keySpec'],
    ['Key usage', c.keyUsage, 'keyUsage'],
    ['Origin', key.general.origin, 'origin'],
    (c.encryptionAlgorithms || []).length > 0 ? ['Encryption algorithms', list(c.encryptionAlgorithms), 'encryptionAlgorithms'] : null,
    (c.signingAlgorithms || []).length > 0 ? ['Signing algorithms', list(c.signingAlgorithms), 'signingAlgorithms'] : null,
    (c.macAlgorithms || []).length > 0 ? ['MAC algorithms', list(c.macAlgorithms), 'macAlgorithms'] : null,
    (c.keyAgreementAlgorithms || []).length > 0
      ? ['Key agreement algorithms', list(c.keyAgreementAlgorithms), 'keyAgreementAlgorithms'] : null,
  ]), c.publicKey ? h('div', {class: 'public-key'}, h('h3', {}, 'Public key'),
    h('pre', {class: 'code', id: 'public-key'}, pem(c.publicKey))) : null);
}

function tags(key) {
  return panel('Tags', null, table([
    {title: 'Tag key', cell: tag => h('span', {class: 'tag-key'}, tag.key)},
    {title: 'Tag value', cell: tag => h('span', {class: 'tag-value'}, tag.value)},
  ], key.tags || [], 'This key has no tags.', {id: 'tags'}));
}

function rotation(key) {
  const r = key.rotation;
  const summary = details([
    ['Automatic rotation', r.supported ? (r.enabled ? 'Enabled' : 'Disabled') : 'Not supported for this key', 'rotationEnabled'],
    r.rotationPeriodInDays ? ['Rotation period', r.rotationPeriodInDays + ' days', 'rotationPeriodInDays'] : null,
    r.nextRotationDate ? ['Next rotation date', dateText(r.nextRotationDate), 'nextRotationDate'] : null,
  ]);
  const rotations = table([
    {title: 'Key material ID', cell: entry => h('span', {class: 'mono'}, entry.keyMaterialId)},
    {title: 'Rotation date', cell: entry => dateText(entry.rotationDate)},
    {title: 'Rotation type', cell: entry => entry.rotationType},
  ], r.rotations || [], 'No rotations yet.', {id: 'rotations'});
  return panel('Key rotation', null, summary, h('h3', {}, 'Rotations'), rotations);
}

function regionality(key, context) {
  const r = key.regionality;
  if (!r.multiRegion) {
    return panel('Regionality', null, details([['Regionality', 'Single-Region', 'regionality']]),
      regionMap(null, [], context.regions, context.region));
  }
  const replicas = r.replicas || [];
  const primaryRegion = r.primary ? r.primary.region : null;
  const rows = [...(r.primary ? [Object.assign({role: 'Primary'}, r.primary)] : []),
    ...replicas.map(replica => Object.assign({role: 'Replica'}, replica))];
  const link = entry => entry.region === context.region
    ? h('span', {class: 'mono'}, entry.arn)
    : h('a', {class: 'mono', href: route('key', {account: context.account, region: entry.region, keyId: key.general.keyId,
      tab: 'regionality'})},
      entry.arn);
  return panel('Regionality', null,
    details([
      ['Regionality', 'Multi-Region', 'regionality'],
      ['Multi-Region key type', primaryRegion === context.region ? 'Primary' : 'Replica', 'multiRegionKeyType'],
      ['Primary Region', primaryRegion, 'primaryRegion'],
    ]),
    regionMap(primaryRegion, replicas.map(replica => replica.region), context.regions),
    h('h3', {}, 'Related multi-Region keys'),
    table([
      {title: 'Region', cell: entry => entry.region},
      {title: 'Role', cell: entry => h('span', {class: 'badge badge-' + (entry.role === 'Primary' ? 'primary' : 'replica')}, entry.role)},
      {title: 'Status', cell: entry => h('span', {class: stateClass(entry.keyState)}, entry.keyState)},
      {title: 'ARN', cell: link},
    ], rows, 'No related keys.', {id: 'related-keys'}));
}

function aliases(key) {
  return panel('Aliases', null, table([
    {title: 'Alias name', cell: alias => h('span', {class: 'alias-name'}, alias.aliasName)},
    {title: 'Alias ARN', cell: alias => h('span', {class: 'mono'}, alias.aliasArn)},
    {title: 'Creation date', cell: alias => dateText(alias.creationDate)},
  ], key.aliases || [], 'This key has no aliases.', {id: 'aliases'}));
}

const CONTENT = {general, policy: keyPolicy, cryptography, tags, rotation, regionality, aliases};

export async function keyDetailsView(context) {
  const {account, region, parameters} = context;
  const key = await api.key(account, region, parameters.keyId);
  const selected = CONTENT[parameters.tab] ? parameters.tab : 'general';
  const title = (key.aliases || []).length > 0 ? key.aliases[0].aliasName : key.general.keyId;
  const tabList = h('div', {class: 'tabs', role: 'tablist'}, TABS.map(([id, label]) =>
    h('a', {role: 'tab', id: 'tab-' + id, class: 'tab', href: route('key', {account, region, keyId: key.general.keyId, tab: id}),
      'aria-selected': String(id === selected)}, label)));
  return h('div', {class: 'page', id: 'key-page', dataset: {keyId: key.general.keyId}},
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'},
      h('a', {href: route('keys', {account, region})}, 'Keys'), h('span', {class: 'separator'}, '›'),
      h('span', {}, key.general.keyId)),
    h('div', {class: 'page-header'},
      h('h1', {id: 'key-title'}, title),
      h('p', {class: 'subtitle'}, h('span', {class: stateClass(key.general.keyState)}, key.general.keyState), ' ',
        h('span', {class: 'mono'}, key.general.arn))),
    tabList,
    h('div', {class: 'tab-panel', role: 'tabpanel', id: 'tab-panel', dataset: {tab: selected}},
      CONTENT[selected](key, context)));
}
