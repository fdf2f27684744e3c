// A job's page: live counters, throughput, results and errors from /console/events/jobs/{id};
// submitting tasks (cancellable), a task's details, cancel and delete.
'use strict';
(() => {
  const root = document.getElementById('job');
  const id = root.dataset.job;
  const path = `/jobs/${encodeURIComponent(id)}`;
  const chart = JR.chart(document.getElementById('chart'));
  const results = document.getElementById('results');
  const errors = document.getElementById('errors');
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const keep = (list, max) => { while (list.children.length > max) list.lastElementChild.remove(); };
  // Positions already shown: a reconnected stream may deliver them again.
  let lastResult = Number(root.dataset.resultsAfter || -1), lastError = Number(root.dataset.errorsAfter || -1);

  const query = new URLSearchParams();
  if (root.dataset.resultsAfter) query.set('results', root.dataset.resultsAfter);
  if (root.dataset.errorsAfter) query.set('errors', root.dataset.errorsAfter);
  const events = JR.listen(`/console/events${path}?${query}`, {
    counters: c => {
      for (const field of ['finished', 'failed', 'total']) JR.text(document.getElementById(field), c[field].toLocaleString('en'));
      JR.text(document.getElementById('status'), c.status);
      if (c.status === 'cancelled') document.getElementById('cancel-job').disabled = true;
      JR.text(document.getElementById('rate'), JR.format(c.rate));
      const progress = document.getElementById('progress');
      progress.max = Math.max(1, c.total);
      progress.value = c.finished + c.failed;
      chart.add(c.rate);
    },
    result: r => {
      if (r.position <= lastResult) return;
      lastResult = r.position;
      results.insertAdjacentHTML('afterbegin', `<li><span class="index">#${r.index}</span> <code>${escape(r.value)}</code></li>`);
      keep(results, 20);
    },
    error: f => {
      if (f.position <= lastError) return;
      lastError = f.position;
      errors.insertAdjacentHTML('afterbegin', `<li><button type="button" class="link error-link" data-index="${f.index}"><span class="index">#${f.index}</span> <span class="type">${escape(f.type)}</span> ${escape(f.message)}</button></li>`);
      keep(errors, 200);
    },
    deleted: () => { events.close(); JR.text(document.getElementById('status'), 'deleted'); },
    problem: p => { events.close(); JR.text(document.getElementById('submit-message'), p.message); },
  });

  // Submitting: the textarea's lines as one newline-delimited JSON body; Cancel aborts the upload.
  const form = document.getElementById('submit-tasks');
  const cancel = document.getElementById('cancel-submit');
  const message = document.getElementById('submit-message');
  let upload = null;
  document.getElementById('fill-range').addEventListener('click', () => {
    const count = Math.max(1, Number(form.count.value) || 1);
    form.tasks.value = Array.from({ length: count }, (_, i) => i).join('\n');
  });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const text = form.tasks.value.trim();
    message.className = 'message';
    if (!text) { message.textContent = 'Write the tasks first, one JSON value per line.'; return; }
    upload = new AbortController();
    cancel.hidden = false;
    message.textContent = 'Submitting…';
    try {
      const submitted = await JR.api('POST', `${path}/tasks`, text + '\n', upload.signal);
      message.className = 'message ok';
      message.textContent = `Submitted ${submitted.submitted} tasks.`;
    } catch (error) {
      message.textContent = error.name === 'AbortError' ? 'Cancelled: the tasks sent before the cancel may have been submitted.' : error.message;
    } finally {
      cancel.hidden = true;
      upload = null;
    }
  });
  cancel.addEventListener('click', () => upload && upload.abort());

  // An error's details: the task as stored (error with stack, attempts, console output).
  const dialog = document.getElementById('task-dialog');
  errors.addEventListener('click', async e => {
    const button = e.target.closest('.error-link');
    if (!button) return;
    const index = button.dataset.index;
    JR.text(document.getElementById('task-title'), `Task ${index}`);
    JR.text(document.getElementById('task-detail'), 'Loading…');
    dialog.showModal();
    try {
      const task = await JR.api('GET', `${path}/tasks/${index}`);
      JR.text(document.getElementById('task-title'), `Task ${index}: ${task.state}, ${task.attempts} attempt(s)`);
      const error = task.error || {};
      JR.text(document.getElementById('task-detail'), `${error.type || ''}: ${error.name || ''}: ${error.message || ''}\n\n${error.stack || ''}` +
        (task.log && task.log.length ? `\n\nConsole:\n${task.log.join('\n')}` : ''));
    } catch (error) {
      JR.text(document.getElementById('task-detail'), error.message);
    }
  });

  // Cancelling: the job takes no more tasks; those not started end as "cancelled" errors, which the events bring.
  const cancelJob = document.getElementById('cancel-job');
  cancelJob.addEventListener('click', async () => {
    if (!confirm(`Cancel job ${id}? Its tasks that have not started end with errors.`)) return;
    try {
      const job = await JR.api('POST', `${path}/cancel`);
      JR.text(document.getElementById('status'), job.status);
      cancelJob.disabled = true;
    } catch (error) {
      message.textContent = error.message;
    }
  });

  document.getElementById('delete-job').addEventListener('click', async () => {
    if (!confirm(`Delete job ${id} with its tasks and results?`)) return;
    try {
      events.close();
      await JR.api('DELETE', path);
      location.href = '/';
    } catch (error) {
      message.textContent = error.message;
    }
  });
})();
