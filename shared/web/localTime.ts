import { html, type SafeHtml } from './html';

/**
 * A time as the server can write it (UTC, or "5 minutes ago"), marked so that the page script shows it in the
 * reader's own time zone: `datetime` a date and time, `day` a date alone; relative times stay as they are.
 */
export function localTime(iso: string, text: string, local?: 'datetime' | 'day'): SafeHtml {
  return html`<time datetime="${iso}"${local ? html` data-local="${local}"` : ''}>${text}</time>`;
}
