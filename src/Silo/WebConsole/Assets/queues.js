// The queues list and a queue's page: live counts from /console/events/queues; retrying dead letters.
'use strict';
(() => {
  const table = document.querySelector('#queues tbody');
  const queue = document.getElementById('queue');
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const n = v => v.toLocaleString('en');

  JR.listen('/console/events/queues', {
    queues: list => {
      if (table) {
        table.innerHTML = list.map(q => `<tr data-queue="${escape(q.name)}"><td><a href="/console/queues/${encodeURIComponent(q.name)}">${escape(q.name)}</a></td>` +
          `<td data-field="size">${n(q.size)}</td><td data-field="leased">${n(q.leased)}</td><td data-field="failedSize">${n(q.failedSize)}</td></tr>`).join('');
        document.getElementById('no-queues').hidden = list.length > 0;
      }
      if (queue) {
        const q = list.find(x => x.name === queue.dataset.queue) || { size: 0, leased: 0, failedSize: 0 };
        for (const field of ['size', 'leased', 'failedSize']) JR.text(document.getElementById(field), n(q[field]));
      }
    },
  });

  const retry = document.getElementById('retry-failed');
  if (retry) {
    retry.addEventListener('click', async () => {
      try {
        const result = await JR.api('POST', `/queues/${encodeURIComponent(queue.dataset.queue)}/failed/retry?n=10000`);
        location.search = `?retried=${result.retried}`;
      } catch (error) {
        JR.text(document.getElementById('retry-message'), error.message);
      }
    });
  }
})();
