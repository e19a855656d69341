// The sign-in form a strict-mode server's console shows when the server refuses its unsigned requests (403): an
// account root's access key ID and secret access key from the identity file, and the Region of the signature's
// scope. The key is tried with one signed read before it is kept (session.js); a refusal shows the server's
// message in the form. The form never submits anywhere (the page's policy says form-action 'none').
import {api} from './api.js';
import {alertBox, h} from './dom.js';
import * as session from './session.js';

const DEFAULT_REGION = 'us-east-1';

function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'field-label'}, label), control,
    hint ? h('span', {class: 'field-hint'}, hint) : null);
}

/** The form; refusal: the server's message for the last key tried (null: none); onSignedIn: called once signed in. */
export function signInView(refusal, onSignedIn) {
  const accessKeyId = h('input', {name: 'accessKeyId', id: 'sign-in-access-key', required: true, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'AKIA…'});
  const secretAccessKey = h('input', {type: 'password', name: 'secretAccessKey', id: 'sign-in-secret', required: true,
    autocomplete: 'off', spellcheck: 'false'});
  const region = h('input', {name: 'region', id: 'sign-in-region', required: true, autocomplete: 'off',
    value: DEFAULT_REGION, pattern: '[a-z]+(-[a-z]+){1,2}-[0-9]+'});
  const message = h('div', {id: 'sign-in-message'},
    refusal ? alertBox('error', 'The server refused the key.', refusal) : null);
  const submit = h('button', {type: 'submit', class: 'button button-primary', id: 'sign-in-submit'}, 'Sign in');
  const signIn = async event => {
    event.preventDefault();
    const credentials = {accessKeyId: accessKeyId.value.trim(), secretAccessKey: secretAccessKey.value,
      region: region.value.trim()};
    submit.disabled = true;
    message.replaceChildren();
    try {
      await api.overviewSignedBy(credentials);
    } catch (e) {
      submit.disabled = false;
      message.replaceChildren(alertBox('error', e.status === 403 ? 'The server refused the key.' : 'Signing in failed.',
        e.message));
      return;
    }
    secretAccessKey.value = '';
    session.signIn(credentials);
    onSignedIn();
  };
  const form = h('form', {class: 'sign-in-form', id: 'sign-in-form', onsubmit: signIn},
    field('Access key ID', accessKeyId), field('Secret access key', secretAccessKey),
    field('Region', region, 'The Region of the signature\'s scope; any Region works.'),
    h('div', {class: 'filter-actions'}, submit));
  return h('div', {class: 'page', id: 'sign-in-page'},
    h('div', {class: 'page-header'},
      h('h1', {}, 'Sign in'),
      h('p', {class: 'subtitle'}, 'This server runs in strict mode: the console reads and writes only with requests an ',
        'account root of its identity file signs. The secret access key stays in this tab (its session storage) until ',
        'you sign out or close it; it signs each request here (SigV4) and is never sent.')),
    message,
    h('section', {class: 'panel'}, h('div', {class: 'panel-body'}, form)));
}
