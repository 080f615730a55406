/**
 * Entry of the widget bundle (`/widget.js`):
 *   <script src="https://your-seed/widget.js" data-site-key="site_..." async></script>
 * Optional: data-title, data-color, data-greeting, data-position="left". The site key is public: it
 * only lets pages on the tenant's allowed origins open a chat.
 */
import { ChatWidget } from './chat-widget';
import { readWidgetOptions } from './config';

const HOST_ATTRIBUTE = 'data-seed-chat';

/** `currentScript` is set while a classic (also async) script runs; the selector covers the rest. */
function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.hasAttribute('data-site-key')) return current;
  return (
    document.querySelector<HTMLScriptElement>('script[data-site-key][src*="widget.js"]') ??
    document.querySelector<HTMLScriptElement>('script[data-site-key]')
  );
}

function mount(script: HTMLScriptElement): void {
  let options;
  try {
    options = readWidgetOptions(script.src, (name) => script.getAttribute(name));
  } catch (error) {
    console.error(`[seed-chat] not started: ${(error as Error).message}`);
    return;
  }
  // The same snippet pasted twice must not open two chats.
  if (document.querySelector(`[${HOST_ATTRIBUTE}="${options.siteKey}"]`)) return;
  const host = document.createElement('div');
  host.setAttribute(HOST_ATTRIBUTE, options.siteKey);
  document.body.append(host);
  new ChatWidget(host, options);
}

const script = findOwnScript();
if (!script) {
  console.error('[seed-chat] not started: no <script data-site-key="..."> tag found');
} else if (document.body) {
  mount(script);
} else {
  document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
}
