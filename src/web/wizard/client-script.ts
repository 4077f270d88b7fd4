/**
 * The wizard page's script, served from its own URL (the web app's CSP allows scripts from 'self' only). It previews
 * the API URL, posts the form as JSON with the CSRF token, shows the server-rendered (escaped) diagnosis and its status line, and
 * enables Save only after a test that let it save; changing region, app or token disables Save again. Once saved, it
 * goes to the connection's page when the server names one.
 */
export const WIZARD_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('iru-wizard');
  if (!form) return;
  var csrf = form.getAttribute('data-csrf');
  var appPattern = new RegExp(form.getAttribute('data-app-pattern'));
  var region = document.getElementById('iru-region');
  var app = document.getElementById('iru-app');
  var token = document.getElementById('iru-token');
  var name = document.getElementById('iru-name');
  var preview = document.getElementById('iru-url-preview');
  var testButton = document.getElementById('iru-test');
  var saveButton = document.getElementById('iru-save');
  var testStatus = document.getElementById('iru-test-status');
  var diagnosis = document.getElementById('iru-diagnosis');
  var saveResult = document.getElementById('iru-save-result');
  var testId = null;

  function fieldError(field, message) {
    var el = document.getElementById('iru-' + field + '-error');
    if (el) el.textContent = message || '';
  }
  function clearErrors() { ['region', 'app', 'token', 'name'].forEach(function (f) { fieldError(f, ''); }); }
  function invalidate() { testId = null; saveButton.disabled = true; }
  function updatePreview() {
    var template = region.options[region.selectedIndex].getAttribute('data-template');
    var value = app.value;
    preview.textContent = appPattern.test(value) ? template.replace('{app}', value) : '-';
    fieldError('app', value && !appPattern.test(value) ? 'Only the app segment: lower-case letters, digits and hyphens (for https://acme.api.kandji.io it is "acme").' : '');
  }
  function post(url, body) {
    body._csrf = csrf;
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) { return { status: response.status, body: json }; });
    });
  }
  function showErrors(body) {
    (body.errors || []).forEach(function (error) { fieldError(error.field, error.message); });
    if (!body.errors && body.message) saveResult.textContent = body.message;
  }

  region.addEventListener('change', function () { updatePreview(); invalidate(); });
  app.addEventListener('input', function () { updatePreview(); invalidate(); });
  token.addEventListener('input', invalidate);

  testButton.addEventListener('click', function () {
    clearErrors();
    invalidate();
    saveResult.textContent = '';
    diagnosis.textContent = '';
    testStatus.textContent = 'Testing the connection...';
    testButton.disabled = true;
    post(form.getAttribute('data-test-url'), { region: region.value, app: app.value, token: token.value })
      .then(function (result) {
        if (result.status !== 200) { testStatus.textContent = 'Not tested: correct the fields marked.'; showErrors(result.body); return; }
        diagnosis.innerHTML = result.body.html; // rendered and escaped by the server
        testId = result.body.testId || null;
        saveButton.disabled = !testId;
        if (testId && !name.value) name.value = app.value;
        testStatus.textContent = result.body.status; // the server's words for the verdict, as in the diagnosis heading
      })
      .catch(function () { testStatus.textContent = 'The test could not be run: the server did not answer.'; })
      .then(function () { testButton.disabled = false; });
  });

  saveButton.addEventListener('click', function () {
    if (!testId) return;
    clearErrors();
    saveButton.disabled = true;
    post(form.getAttribute('data-save-url'), { testId: testId, region: region.value, app: app.value, token: token.value, name: name.value })
      .then(function (result) {
        if (result.status === 200) {
          saveResult.textContent = result.body.message;
          if (result.body.location) { window.location.assign(result.body.location); return; }
          token.value = '';
          invalidate();
        } else {
          showErrors(result.body);
          saveButton.disabled = !testId;
        }
      })
      .catch(function () { saveResult.textContent = 'Not saved: the server did not answer.'; saveButton.disabled = !testId; });
  });

  updatePreview();
})();
`;
