// Building the page without ever parsing data as HTML: every text goes in as a text node or an attribute.

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

function fill(element, properties, children) {
  for (const [name, value] of Object.entries(properties || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.setAttribute('class', value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children: nodes as they are, anything else as text. */
export function append(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: h('a', {href: '#/keys', class: 'link'}, 'Keys'). */
export function h(tag, properties, ...children) {
  return fill(document.createElement(tag), properties, children);
}

/** An SVG element. */
export function svg(tag, properties, ...children) {
  return fill(document.createElementNS(SVG_NAMESPACE, tag), properties, children);
}

/** Empties an element and puts children in. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A hash link of the console: link('key', {account, region, keyId}). */
export function route(view, parameters = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) {
      query.set(name, String(value));
    }
  }
  const text = query.toString();
  return '#/' + view + (text ? '?' + text : '');
}

/** An alert box (role "alert"): kind is error, info or success. */
export function alertBox(kind, title, message) {
  return h('div', {class: 'alert alert-' + kind, role: 'alert'},
    title ? h('strong', {}, title) : null, title && message ? ' ' : null, message || null);
}

/** A panel with a title (and optional actions beside it). */
export function panel(title, actions, ...content) {
  return h('section', {class: 'panel'},
    h('div', {class: 'panel-header'}, h('h2', {}, title), actions ? h('div', {class: 'panel-actions'}, actions) : null),
    h('div', {class: 'panel-body'}, content));
}

/** A list of label / value pairs in columns, as AWS's console shows a key's summary. */
export function details(pairs) {
  return h('dl', {class: 'details'}, pairs.filter(Boolean).map(([label, value, testName]) =>
    h('div', {class: 'detail', dataset: testName ? {field: testName} : undefined},
      h('dt', {}, label),
      h('dd', {}, value === undefined || value === null || value === '' ? h('span', {class: 'muted'}, '-') : value))));
}

/** A table: columns [{title, cell: row => node or text}], rows; an empty text when there are none. */
export function table(columns, rows, emptyText, properties = {}) {
  if (rows.length === 0) {
    return h('p', {class: 'empty'}, emptyText);
  }
  return h('div', {class: 'table-wrap'},
    h('table', Object.assign({class: 'data'}, properties),
      h('thead', {}, h('tr', {}, columns.map(column => h('th', {scope: 'col'}, column.title)))),
      h('tbody', {}, rows.map(row => h('tr', {}, columns.map(column => h('td', {}, column.cell(row))))))));
}
