import { html } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';
import { layout } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported content',
  429: 'Too many attempts',
};

export function errorPage(principal: Principal | null, status: number, message: string): string {
  return layout(
    { title: TITLES[status] ?? 'Something went wrong', principal },
    html`<p class="error" role="alert">${message}</p><p><a href="/frameworks">Back to the frameworks</a></p>`,
  );
}
