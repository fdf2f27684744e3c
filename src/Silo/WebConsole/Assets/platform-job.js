// A platform job's page: state, tags, items and log lines live from /console/events/platform/jobs/{key}.
'use strict';
(() => {
  const root = document.getElementById('platform-job');
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const add = (list, records) => {
    for (const r of records) list.insertAdjacentHTML('afterbegin', `<li><span class="index">#${r.index}</span> <code>${escape(r.data.length > 300 ? r.data.slice(0, 300) + '…' : r.data)}</code></li>`);
    while (list.children.length > 100) list.lastElementChild.remove();
  };
  JR.listen(`/console/events/platform/jobs/${root.dataset.job}?items=${root.dataset.items}&logs=${root.dataset.logs}`, {
    job: j => {
      JR.text(document.getElementById('state'), j.state);
      JR.text(document.getElementById('items'), j.items.toLocaleString('en'));
      JR.text(document.getElementById('logs'), j.logs.toLocaleString('en'));
      document.getElementById('tags').innerHTML = j.tags.map(t => `<span class="tag">${escape(t)}</span>`).join(' ');
      add(document.getElementById('item-list'), j.newItems);
      add(document.getElementById('log-list'), j.newLogs);
    },
  });
})();
