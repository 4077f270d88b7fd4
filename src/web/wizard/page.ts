/** The wizard page body: region, app segment with a live API URL preview, the "Bearer JWT" token, test, name, save. */
import { REGION_LABELS } from '../../diagnose/index.js';
import { APP_SEGMENT, REGIONS, type Region } from '../../iru/index.js';
import { escapeHtml as e } from './escape.js';

export interface WizardPageInput {
  csrf: string;
  scriptUrl: string;
  testUrl: string;
  saveUrl: string;
  /** Per region, the API URL with "{app}" where the app segment goes. */
  urlTemplates: Record<Region, string>;
}

export function wizardPage(input: WizardPageInput): string {
  const options = REGIONS.map((r) => `<option value="${e(r)}" data-template="${e(input.urlTemplates[r])}">${e(REGION_LABELS[r])}</option>`).join('');
  return `<section class="wizard">
<h1>Connect an Iru tenant</h1>
<form id="iru-wizard" novalidate data-csrf="${e(input.csrf)}" data-test-url="${e(input.testUrl)}" data-save-url="${e(input.saveUrl)}" data-app-pattern="${e(APP_SEGMENT.source)}">
  <p><label for="iru-region">Region</label><br><select id="iru-region" name="region">${options}</select></p>
  <p><label for="iru-app">App segment</label><br>
    <input id="iru-app" name="app" autocomplete="off" autocapitalize="none" spellcheck="false" placeholder="acme" aria-describedby="iru-app-help iru-app-error">
    <br><span id="iru-app-help" class="help">The subdomain of your organization's API URL (Access &gt; API tokens in Iru), not the URL itself.</span>
    <br><span class="help">API URL: <output id="iru-url-preview" for="iru-region iru-app">-</output></span>
    <br><span id="iru-app-error" class="field-error" role="alert"></span></p>
  <p><label for="iru-token">Bearer JWT</label><br>
    <input id="iru-token" name="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="iru-token-help iru-token-error">
    <br><span id="iru-token-help" class="help">The API token from Access &gt; API tokens in Iru. It is shown only once, when the token is created; if it is lost, create a new one.</span>
    <br><span id="iru-token-error" class="field-error" role="alert"></span></p>
  <span id="iru-region-error" class="field-error" role="alert"></span>
  <p><button type="button" id="iru-test">Test connection</button> <span id="iru-test-status" role="status"></span></p>
  <div id="iru-diagnosis" aria-live="polite"></div>
  <p><label for="iru-name">Connection name</label><br><input id="iru-name" name="name" autocomplete="off" spellcheck="false">
    <br><span id="iru-name-error" class="field-error" role="alert"></span></p>
  <p><button type="button" id="iru-save" disabled>Save</button> <span class="help">Save is enabled after a successful connection test.</span></p>
  <p id="iru-save-result" role="status"></p>
</form>
<script src="${e(input.scriptUrl)}" defer></script>
</section>`;
}
