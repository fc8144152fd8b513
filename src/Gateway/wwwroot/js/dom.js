// Tiny DOM helpers: build elements declaratively, show toasts.

/** h('button', {onclick, class: 'x'}, 'Label', child...) -> element. Attributes with null/false are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

/** A labelled form field; its error slot (role=alert) is where API problems naming this field appear. */
export function field(label, name, input) {
  input.id = `f-${name}`;
  input.name = name;
  const error = h('p', { class: 'field-error', id: `f-${name}-error`, 'data-field': name });
  input.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, error);
}

/** Puts an API error next to the field it names (or at the form's own slot) and marks the input invalid. */
export function showError(form, error) {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const name = error?.field ?? '';
  const slot = form.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`)
    ?? form.querySelector(`.field-error[data-field="${CSS.escape(name.split(/[.[]/)[0])}"]`)
    ?? form.querySelector('.field-error[data-field=""]');
  if (!error || !slot) return;
  slot.textContent = error.message;
  slot.setAttribute('role', 'alert');
  form.querySelector(`#${CSS.escape(slot.id.replace(/-error$/, ''))}`)?.setAttribute('aria-invalid', 'true');
}

/**
 * Makes target's children look like next, keeping every node that stayed the same kind (and, for elements with a
 * data-key, the same key). A re-render then leaves focus, and a click under way, on the button the user is pressing.
 */
export function morph(target, next) {
  const nodes = [...next];
  nodes.forEach((node, i) => {
    const current = target.childNodes[i];
    if (!current) target.append(node);
    else if (!sameKind(current, node)) target.replaceChild(node, current);
    else if (node.nodeType === Node.TEXT_NODE) { if (current.data !== node.data) current.data = node.data; }
    else {
      for (const { name } of [...current.attributes]) if (!node.hasAttribute(name)) current.removeAttribute(name);
      for (const { name, value } of [...node.attributes]) if (current.getAttribute(name) !== value) current.setAttribute(name, value);
      morph(current, node.childNodes);
    }
  });
  while (target.childNodes.length > nodes.length) target.lastChild.remove();
}

function sameKind(a, b) {
  return a.nodeName === b.nodeName && (a.nodeType !== Node.ELEMENT_NODE || a.dataset.key === b.dataset.key);
}

export function toast(text, action) {
  const box = h('div', { class: 'toast', role: 'status' }, h('span', {}, text), action ?? null);
  document.getElementById('toasts').append(box);
  setTimeout(() => box.remove(), 8000);
}
