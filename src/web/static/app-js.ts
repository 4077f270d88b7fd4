/**
 * The only script the pages load (served as /static/app.js; the CSP allows no inline script). It re-verifies an
 * Artifact through the JSON API, swaps records-table pages in place and keeps a running collection's live status
 * current; without it, the same forms and links work as plain page loads. Server-rendered fragments are escaped on the server, like every page.
 */
export const APP_JS = `'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.matches('form[data-verify]')) {
      event.preventDefault();
      verify(form);
    } else if (form.matches('[data-records] form.records-search')) {
      event.preventDefault();
      loadRecords(form.closest('[data-records]'), new URLSearchParams(new FormData(form)));
    }
  });

  document.addEventListener('change', function (event) {
    var select = event.target;
    if (!select.matches) return;
    if (select.matches('select[data-autosubmit]')) select.form.submit();
    else if (select.matches('[data-records] form.records-search select')) {
      var form = select.form;
      loadRecords(form.closest('[data-records]'), new URLSearchParams(new FormData(form)));
    }
  });

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-records-link]');
    if (!link) return;
    event.preventDefault();
    loadRecords(link.closest('[data-records]'), new URL(link.href).searchParams);
  });

  var LIVE_EVERY_MS = 2000;
  if (document.querySelector('[data-live]')) setTimeout(refreshLive, LIVE_EVERY_MS);

  function refreshLive() {
    var current = document.querySelector('[data-live]');
    fetch(current.getAttribute('data-live'), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (text) {
        var template = document.createElement('template');
        template.innerHTML = text;
        var next = template.content.firstElementChild;
        if (next.getAttribute('data-status') !== 'running') return location.reload();
        current.replaceWith(next);
        setTimeout(refreshLive, LIVE_EVERY_MS);
      })
      .catch(function () { setTimeout(refreshLive, LIVE_EVERY_MS * 5); });
  }

  function verify(form) {
    var out = form.querySelector('[data-verify-result]');
    out.textContent = 'Verifying…';
    fetch(form.getAttribute('data-verify'), { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrf, accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        out.textContent = body.error ? body.error.message : body.message;
        out.className = body.error || !(body.sha256 && body.contentSha256) ? 'not-ok' : 'ok';
      })
      .catch(function () { out.textContent = 'The server could not be reached'; out.className = 'not-ok'; });
  }

  function loadRecords(container, params) {
    var count = container.querySelector('.records-count');
    fetch(container.getAttribute('data-records') + '?' + params.toString(), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) { return response.text().then(function (text) { return { ok: response.ok, text: text }; }); })
      .then(function (result) {
        var template = document.createElement('template');
        template.innerHTML = result.text;
        if (!result.ok) {
          var error = template.content.querySelector('.error');
          count.textContent = error ? error.textContent : 'The records could not be loaded';
          count.className = 'records-count not-ok';
          return;
        }
        container.replaceWith(template.content.firstElementChild);
        history.replaceState(null, '', location.pathname + '?' + params.toString() + '#records');
      })
      .catch(function () { count.textContent = 'The server could not be reached'; });
  }
})();
`;
