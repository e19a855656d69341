// Outages: the faults the server injects into KMS calls of a Region (or one operation there), to rehearse a
// Region's loss; each can be lifted. The console's own requests are never affected.
import {api} from './api.js';
import {alertBox, h, panel, table} from './dom.js';

const FAULTS = [
  ['INTERNAL_ERROR', 'Internal error (HTTP 500, KMSInternalException)'],
  ['UNAVAILABLE', 'Service unavailable (HTTP 503)'],
  ['THROTTLING', 'Throttling (ThrottlingException)'],
  ['LATENCY', 'Added latency'],
  ['REFUSE_CONNECTIONS', 'Refused connections'],
];

function field(label, control) {
  return h('label', {class: 'field'}, h('span', {class: 'field-label'}, label), control);
}

function faultText(fault) {
  const known = FAULTS.find(([name]) => name === fault);
  return known ? known[1] : fault;
}

export async function outagesView(context) {
  const answer = await api.outages();
  const outages = answer.outages || [];
  const message = h('div', {id: 'outage-message'});
  const showError = (title, e) => message.replaceChildren(alertBox('error', title, e.message));

  const lift = async (outage, button) => {
    button.disabled = true;
    try {
      await api.liftOutage(outage.id);
      context.navigate(location.hash);
    } catch (e) {
      button.disabled = false;
      showError('The outage could not be lifted.', e);
    }
  };
  const list = table([
    {title: 'Region', cell: outage => h('span', {class: 'outage-region'}, outage.region)},
    {title: 'Operation', cell: outage => outage.operation || h('span', {class: 'muted'}, 'Every operation')},
    {title: 'Account', cell: outage => outage.account || h('span', {class: 'muted'}, 'Every account')},
    {title: 'Fault', cell: outage => h('span', {class: 'badge badge-error outage-fault', title: faultText(outage.fault)}, outage.fault)},
    {title: 'Probability', cell: outage => Math.round(Number(outage.probability) * 1000) / 10 + ' %'},
    {title: 'Latency', cell: outage => outage.latencyMillis ? outage.latencyMillis + ' ms' : h('span', {class: 'muted'}, '-')},
    {title: 'ID', cell: outage => h('span', {class: 'mono small'}, outage.id)},
    {title: '', cell: outage => {
      const button = h('button', {type: 'button', class: 'button button-danger lift', dataset: {outageId: outage.id}}, 'Lift');
      button.addEventListener('click', () => lift(outage, button));
      return button;
    }},
  ], outages, 'No outage is active: every Region answers normally.', {id: 'outages'});

  const regions = [...new Set([context.region, ...context.regions].filter(Boolean))].sort();
  const region = h('input', {name: 'region', id: 'outage-region', required: true, list: 'outage-regions', autocomplete: 'off',
    value: context.region, pattern: '[a-z]+(-[a-z]+){1,2}-[0-9]+'});
  const regionNames = h('datalist', {id: 'outage-regions'}, regions.map(name => h('option', {value: name})));
  const operation = h('input', {name: 'operation', id: 'outage-operation', placeholder: 'Every operation (or e.g. Decrypt)',
    autocomplete: 'off', pattern: '[A-Za-z]*'});
  const account = h('select', {name: 'account', id: 'outage-account'},
    h('option', {value: ''}, 'Every account'), context.accounts.map(id => h('option', {value: id}, id)));
  const fault = h('select', {name: 'fault', id: 'outage-fault'}, FAULTS.map(([name, text]) => h('option', {value: name}, text)));
  const probability = h('input', {type: 'number', name: 'probability', id: 'outage-probability', min: 0.1, max: 100, step: 'any',
    value: '100', required: true});
  const latency = h('input', {type: 'number', name: 'latencyMillis', id: 'outage-latency', min: 1, step: 1, value: '1000'});
  const latencyField = field('Latency (ms)', latency);
  const showLatency = () => {
    latencyField.hidden = fault.value !== 'LATENCY';
  };
  fault.addEventListener('change', showLatency);
  showLatency();
  const add = async event => {
    event.preventDefault();
    const outage = {region: region.value.trim(), fault: fault.value, probability: Number(probability.value) / 100};
    if (fault.value === 'LATENCY') {
      outage.latencyMillis = Number(latency.value);
    }
    if (operation.value.trim()) {
      outage.operation = operation.value.trim();
    }
    if (account.value) {
      outage.account = account.value;
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      await api.addOutage(outage);
      context.navigate(location.hash);
    } catch (e) {
      submit.disabled = false;
      showError('The outage could not be added.', e);
    }
  };
  const form = h('form', {class: 'filters', id: 'outage-form', onsubmit: add},
    field('Region', region), regionNames, field('Operation', operation),
    field('Account', account), field('Fault', fault), field('Probability (%)', probability), latencyField,
    h('div', {class: 'filter-actions'}, h('button', {type: 'submit', class: 'button button-primary', id: 'outage-add'}, 'Start outage')));

  return h('div', {class: 'page', id: 'outages-page'},
    h('div', {class: 'page-header'},
      h('h1', {}, 'Outages ', h('span', {class: 'count', id: 'outage-count'}, '(' + outages.length + ')')),
      h('p', {class: 'subtitle'}, 'Make KMS calls to a Region fail as they do when AWS has an outage, until lifted. ',
        'The operator endpoints and this console are never affected.')),
    message,
    panel('Active outages', h('button', {type: 'button', class: 'button', onclick: () => context.navigate(location.hash)}, 'Refresh'), list),
    panel('Start an outage', null, form));
}
