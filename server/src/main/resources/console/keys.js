// The key list of one account in one Region, as AWS's console lists customer managed and AWS managed keys.
import {api} from './api.js';
import {h, panel, route, table} from './dom.js';
import {dateText, regionality, stateClass} from './format.js';

function matches(key, filter) {
  if (!filter) {
    return true;
  }
  const text = [key.keyId, key.description, key.keyState, key.keySpec, ...(key.aliases || [])].join(' ').toLowerCase();
  return text.includes(filter.toLowerCase());
}

export async function keysView(context) {
  const {account, region} = context;
  const answer = await api.keys(account, region);
  const keys = answer.keys || []; // oldest first
  const link = key => route('key', {account, region, keyId: key.keyId});
  const columns = [
    {title: 'Aliases', cell: key => (key.aliases || []).length === 0
      ? h('span', {class: 'muted'}, '-')
      : h('span', {class: 'aliases'}, key.aliases.map(alias => h('span', {class: 'alias'}, alias)))},
    {title: 'Key ID', cell: key => [h('a', {href: link(key), class: 'key-link mono nowrap', dataset: {keyId: key.keyId}}, key.keyId),
      key.keyManager === 'AWS' ? h('span', {class: 'managed'}, 'AWS managed') : null]},
    {title: 'Description', cell: key => h('span', {class: 'description'}, key.description || '')},
    {title: 'Status', cell: key => h('span', {class: stateClass(key.keyState)}, key.keyState)},
    {title: 'Key spec', cell: key => key.keySpec},
    {title: 'Key usage', cell: key => key.keyUsage},
    {title: 'Regionality', cell: key => h('span', {class: 'nowrap'}, regionality(key.multiRegion, key.multiRegionKeyType))},
    {title: 'Creation date', cell: key => {
      const [day, time] = dateText(key.creationDate).split(/ (.*)/);
      return h('span', {class: 'date-cell'}, h('span', {}, day), h('span', {class: 'muted'}, time));
    }},
  ];
  const body = h('div', {id: 'key-table'});
  const filterInput = h('input', {type: 'search', id: 'key-filter', placeholder: 'Filter keys by alias, ID, description',
    'aria-label': 'Filter keys'});
  const count = h('span', {class: 'count', id: 'key-count'});
  const show = () => {
    const shown = keys.filter(key => matches(key, filterInput.value.trim()));
    count.textContent = '(' + shown.length + (shown.length === keys.length ? '' : ' of ' + keys.length) + ')';
    body.replaceChildren(table(columns, shown, keys.length === 0
      ? 'No keys in account ' + account + ' in ' + region + '. Keys made with CreateKey or ReplicateKey show here.'
      : 'No key matches the filter.', {id: 'keys'}));
  };
  filterInput.addEventListener('input', show);
  show();
  const refresh = h('button', {type: 'button', class: 'button', onclick: () => context.navigate(location.hash)}, 'Refresh');
  return h('div', {class: 'page', id: 'keys-page'},
    h('div', {class: 'page-header'},
      h('h1', {}, 'Keys ', count),
      h('p', {class: 'subtitle'}, 'Account ', h('span', {class: 'mono'}, account), ' in ', h('span', {class: 'mono'}, region))),
    panel('Customer managed and AWS managed keys', [filterInput, refresh], body));
}
