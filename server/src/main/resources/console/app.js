// The console's shell: the account and Region picker, the navigation, and the router between views.
import {api} from './api.js';
import {alertBox, h, replace, route} from './dom.js';
import {keysView} from './keys.js';
import {keyDetailsView} from './key-details.js';
import {auditView} from './audit.js';
import {outagesView} from './outages.js';
import * as session from './session.js';
import {signInView} from './sign-in.js';

const DEFAULT_REGION = 'us-east-1';
const view = document.getElementById('view');
const accountPicker = document.getElementById('account-picker');
const regionPicker = document.getElementById('region-picker');
const modeBanner = document.getElementById('mode-banner');
const signedIn = document.getElementById('signed-in');
const signOutButton = document.getElementById('sign-out');
let overview = {accounts: [], partitionRegions: []};
let renderNumber = 0;

/** What the console knows of the server's accounts and Regions. */
const scope = {
  overview: () => overview,
  regions: () => overview.partitionRegions || [],
  accounts: () => (overview.accounts || []).map(account => account.accountId),
};

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const question = hash.indexOf('?');
  const name = (question >= 0 ? hash.slice(0, question) : hash) || 'keys';
  const parameters = Object.fromEntries(new URLSearchParams(question >= 0 ? hash.slice(question + 1) : ''));
  return {name, parameters};
}

function countsOf(accountId) {
  const account = (overview.accounts || []).find(candidate => candidate.accountId === accountId);
  const counts = new Map();
  for (const region of (account && account.regions) || []) {
    counts.set(region.region, region);
  }
  return counts;
}

/** The account and Region of the page: from the link, else the first account and its busiest Region. */
function chosenScope(parameters) {
  const accounts = scope.accounts();
  const account = parameters.account || accountPicker.value || accounts[0] || '';
  let region = parameters.region || regionPicker.value;
  if (!region) {
    const counts = [...countsOf(account).values()].sort((a, b) => b.keys - a.keys);
    region = counts.length > 0 && counts[0].keys > 0 ? counts[0].region : DEFAULT_REGION;
  }
  return {account, region};
}

function option(value, text, selected) {
  return h('option', {value, selected}, text);
}

function fillPickers(account, region) {
  const accounts = scope.accounts();
  if (account && !accounts.includes(account)) {
    accounts.push(account);
  }
  replace(accountPicker, accounts.map(id => option(id, id, id === account)));
  const counts = countsOf(account);
  const regions = [...new Set([...scope.regions(), ...counts.keys(), region].filter(Boolean))].sort();
  replace(regionPicker, regions.map(name => {
    const count = counts.get(name);
    const text = count && count.keys > 0 ? name + ' (' + count.keys + (count.keys === 1 ? ' key)' : ' keys)') : name;
    return option(name, text, name === region);
  }));
}

function markNavigation(name) {
  for (const [id, views] of [['nav-keys', ['keys', 'key']], ['nav-audit', ['audit']], ['nav-outages', ['outages']]]) {
    const link = document.getElementById(id);
    if (views.includes(name)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

async function loadOverview() {
  overview = await api.overview();
}

/** Shows what the server's mode is: open (development mode), or signed in as an account root (strict mode). */
function showMode(signedInAs) {
  document.body.classList.remove('signed-out');
  modeBanner.hidden = Boolean(signedInAs);
  signedIn.hidden = !signedInAs;
  signOutButton.hidden = !signedInAs;
  document.getElementById('signed-in-key').textContent = signedInAs || '';
}

/**
 * The sign-in form, where the server refused an unsigned request (strict mode) or the session's key (then
 * forgotten, with the server's message shown).
 */
function showSignIn(refusal) {
  const refused = session.current() ? refusal : null;
  session.signOut();
  ++renderNumber;
  document.body.classList.add('signed-out');
  modeBanner.hidden = true;
  signedIn.hidden = true;
  signOutButton.hidden = true;
  document.getElementById('scope').hidden = true;
  replace(view, signInView(refused, render));
}

async function render() {
  const number = ++renderNumber;
  try {
    await loadOverview(); // the pickers' accounts and key counts, as they are now
  } catch (e) {
    if (e.status === 403 && number === renderNumber) {
      showSignIn(e.message);
      return;
    }
    // the view below says what failed, if its own request fails too
  }
  if (number !== renderNumber) {
    return;
  }
  const credentials = session.current();
  showMode(credentials ? credentials.accessKeyId : null);
  const {name, parameters} = parseHash();
  const {account, region} = chosenScope(parameters);
  fillPickers(account, region);
  markNavigation(name);
  document.getElementById('scope').hidden = name === 'outages';
  for (const id of ['nav-keys', 'nav-audit']) {
    const link = document.getElementById(id);
    link.href = route(id === 'nav-keys' ? 'keys' : 'audit', {account, region});
  }
  const context = {account, region, parameters, navigate, regions: scope.regions(), accounts: scope.accounts()};
  const views = {keys: keysView, key: keyDetailsView, audit: auditView, outages: outagesView};
  const show = views[name];
  if (!show) {
    replace(view, alertBox('error', 'No such page.', 'Go back to the key list.'));
    return;
  }
  replace(view, h('p', {class: 'loading'}, 'Loading…'));
  try {
    const content = await show(context);
    if (number === renderNumber) {
      replace(view, content);
    }
  } catch (e) {
    if (number === renderNumber) {
      if (e.status === 403) {
        showSignIn(e.message);
      } else {
        replace(view, alertBox('error', 'The console could not load this page.', e.message));
      }
    }
  }
}

/** Goes to a view (a new history entry), or re-renders when the link is the current one. */
function navigate(link) {
  if (location.hash === link) {
    render();
  } else {
    location.hash = link;
  }
}

function onScopeChange() {
  const {name, parameters} = parseHash();
  const target = name === 'audit' ? 'audit' : 'keys';
  const next = Object.assign({}, target === 'audit' ? parameters : {}, {account: accountPicker.value, region: regionPicker.value});
  delete next.nextToken;
  navigate(route(target, next));
}

accountPicker.addEventListener('change', onScopeChange);
regionPicker.addEventListener('change', onScopeChange);
window.addEventListener('hashchange', render);
signOutButton.addEventListener('click', () => {
  session.signOut();
  render();
});

render();
