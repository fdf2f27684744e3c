// A state's page: values, version and waiters live from /console/events/states/{ns}; set and remove keys through /state.
'use strict';
(() => {
  const root = document.getElementById('state');
  const ns = encodeURIComponent(root.dataset.namespace);
  const body = document.querySelector('#values tbody');
  const updates = document.getElementById('updates');
  const message = document.getElementById('set-message');
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const values = new Map();
  let version = 0;

  function render() {
    body.innerHTML = [...values.keys()].sort().map(k => `<tr data-key="${escape(k)}"><td><code>${escape(k)}</code></td>` +
      `<td><code data-field="value">${escape(JSON.stringify(values.get(k)))}</code></td>` +
      `<td><button type="button" class="danger small" data-remove="${escape(k)}">Remove</button></td></tr>`).join('');
    JR.text(document.getElementById('version'), version.toLocaleString('en'));
    JR.text(document.getElementById('keys'), values.size.toLocaleString('en'));
  }

  JR.listen(`/console/events/states/${ns}`, {
    snapshot: s => { values.clear(); for (const [k, v] of Object.entries(s.values)) values.set(k, v); version = s.version; render(); },
    update: u => {
      if (u.version <= version) return;
      version = u.version;
      if (u.after === null || u.after === undefined) values.delete(u.key); else values.set(u.key, u.after);
      render();
      updates.insertAdjacentHTML('afterbegin', `<li><span class="index">v${u.version}</span> <code>${escape(u.key)}</code>: ` +
        `<code>${escape(JSON.stringify(u.before ?? null))}</code> → <code>${escape(JSON.stringify(u.after ?? null))}</code></li>`);
      while (updates.children.length > 50) updates.lastElementChild.remove();
    },
    waiters: w => JR.text(document.getElementById('waiters'), w.waiters.toLocaleString('en')),
    problem: p => JR.text(message, p.message),
  });

  document.getElementById('set-key').addEventListener('submit', async e => {
    e.preventDefault();
    const form = e.target;
    message.className = 'message';
    try {
      JSON.parse(form.value.value);
    } catch (error) {
      message.textContent = `The value is not JSON: ${error.message}`;
      return;
    }
    try {
      const result = await JR.api('PUT', `/state/${ns}/keys/${encodeURIComponent(form.key.value)}`, form.value.value);
      message.className = 'message ok';
      message.textContent = `Set at version ${result.version}.`;
    } catch (error) {
      message.textContent = error.message;
    }
  });

  body.addEventListener('click', async e => {
    const button = e.target.closest('[data-remove]');
    if (!button) return;
    try {
      await JR.api('DELETE', `/state/${ns}/keys/${encodeURIComponent(button.dataset.remove)}`);
    } catch (error) {
      message.textContent = error.message;
    }
  });
})();
