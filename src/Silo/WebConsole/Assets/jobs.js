// The jobs list: live rows and throughput from /console/events/jobs, the form that creates a job, delete.
'use strict';
(() => {
  const body = document.querySelector('#jobs tbody');
  const chart = JR.chart(document.getElementById('chart'));
  const n = v => v.toLocaleString('en');
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function row(job) {
    const id = escape(job.id);
    const created = new Date(job.created);
    return `<tr data-job="${id}"><td><a href="/console/jobs/${id}">${id.slice(0, 8)}</a></td><td>${escape(job.kind)}</td><td>${escape(job.status)}</td>` +
      `<td><progress max="${Math.max(1, job.total)}" value="${job.finished + job.failed}"></progress></td>` +
      `<td data-field="finished">${n(job.finished)}</td><td data-field="failed">${n(job.failed)}</td><td data-field="total">${n(job.total)}</td>` +
      `<td data-field="rate">${JR.format(job.rate)}</td><td><time datetime="${escape(job.created)}">${created.toISOString().slice(0, 19).replace('T', ' ')}</time></td>` +
      `<td><button type="button" class="danger small" data-delete="${id}">Delete</button></td></tr>`;
  }

  JR.listen('/console/events/jobs', {
    jobs: data => {
      body.innerHTML = data.jobs.map(row).join('');
      document.getElementById('no-jobs').hidden = data.jobs.length > 0;
      JR.text(document.getElementById('rate'), JR.format(data.rate));
      chart.add(data.rate);
    },
  });

  const form = document.getElementById('create-job');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const message = document.getElementById('create-message');
    message.textContent = '';
    const job = { program: form.program.value, kind: form.kind.value, bid: Number(form.bid.value || 1) };
    try {
      const created = await JR.api('POST', '/jobs/', JSON.stringify(job));
      location.href = `/console/jobs/${encodeURIComponent(created.id)}`;
    } catch (error) {
      message.textContent = error.message;
    }
  });

  body.addEventListener('click', async e => {
    const id = e.target.dataset && e.target.dataset.delete;
    if (!id || !confirm(`Delete job ${id} with its tasks and results?`)) return;
    try {
      await JR.api('DELETE', `/jobs/${encodeURIComponent(id)}`);
      e.target.closest('tr').remove();
    } catch (error) {
      document.getElementById('create-message').textContent = error.message;
    }
  });
})();
