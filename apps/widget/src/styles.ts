/**
 * Everything lives inside the shadow root: the host page's CSS cannot reach in and ours cannot leak
 * out. Colours come from custom properties set on the root element, so a theme is two values.
 */
export const WIDGET_CSS = `
:host { all: initial; }
.root {
  --seed-accent: #2563eb;
  --seed-on-accent: #ffffff;
  --seed-surface: #ffffff;
  --seed-text: #111827;
  --seed-muted: #6b7280;
  --seed-bubble: #f3f4f6;
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--seed-text);
}
.root[data-position="left"] { right: auto; left: 20px; }
*, *::before, *::after { box-sizing: border-box; }
button, textarea { font: inherit; }
:focus-visible { outline: 3px solid var(--seed-accent); outline-offset: 2px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.launcher {
  width: 60px; height: 60px; border-radius: 50%; border: none; cursor: pointer;
  background: var(--seed-accent); color: var(--seed-on-accent);
  box-shadow: 0 6px 20px rgba(0, 0, 0, 0.25); display: grid; place-items: center;
  transition: transform 0.15s ease;
}
.launcher:hover { transform: scale(1.06); }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.panel {
  position: absolute; bottom: 76px; right: 0; width: 370px; height: min(600px, calc(100vh - 120px));
  display: flex; flex-direction: column; background: var(--seed-surface); border-radius: 14px;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.25); overflow: hidden; animation: seed-in 0.18s ease-out;
}
.root[data-position="left"] .panel { right: auto; left: 0; }
.panel[hidden] { display: none; }
@keyframes seed-in { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
.header {
  display: flex; align-items: center; gap: 8px; padding: 14px 16px;
  background: var(--seed-accent); color: var(--seed-on-accent);
}
.title { margin: 0; font-size: 16px; font-weight: 600; flex: 1; }
.close {
  border: none; background: transparent; color: inherit; cursor: pointer; font-size: 24px; line-height: 1;
  width: 36px; height: 36px; border-radius: 8px;
}
.status { margin: 0; padding: 6px 16px; font-size: 13px; color: var(--seed-muted); border-bottom: 1px solid #e5e7eb; }
.status:empty { display: none; }
.log { flex: 1; overflow-y: auto; padding: 12px 14px; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; background: var(--seed-bubble); word-wrap: break-word; }
.msg .text { margin: 0; white-space: pre-wrap; }
.msg-visitor { align-self: flex-end; background: var(--seed-accent); color: var(--seed-on-accent); }
.msg-visitor a { color: inherit; }
.msg-bot, .msg-human, .msg-greeting { align-self: flex-start; }
.msg-human { border: 1px solid var(--seed-accent); }
.msg-system { align-self: center; background: transparent; color: var(--seed-muted); font-size: 13px; text-align: center; }
.msg-pending { opacity: 0.7; }
.msg-failed { outline: 2px solid #dc2626; }
.msg .who { display: block; font-size: 12px; color: var(--seed-muted); margin-bottom: 2px; }
.msg .note { display: block; font-size: 12px; margin-top: 4px; }
.msg a { color: var(--seed-accent); }
.sources { margin: 6px 0 0; padding: 6px 0 0; list-style: none; border-top: 1px solid #e5e7eb; font-size: 13px; }
.sources li + li { margin-top: 2px; }
.typing { margin: 0; padding: 0 16px 6px; font-size: 13px; color: var(--seed-muted); }
.typing[hidden] { display: none; }
.composer { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #e5e7eb; }
.input {
  flex: 1; resize: none; max-height: 120px; min-height: 40px; padding: 9px 12px; border-radius: 10px;
  border: 1px solid #d1d5db; color: var(--seed-text); background: #fff;
}
.send {
  border: none; border-radius: 10px; padding: 0 16px; cursor: pointer;
  background: var(--seed-accent); color: var(--seed-on-accent); font-weight: 600;
}
.actions { display: flex; justify-content: center; padding: 0 12px 10px; }
.human {
  border: 1px solid #d1d5db; background: transparent; color: var(--seed-text); border-radius: 999px;
  padding: 4px 14px; font-size: 13px; cursor: pointer;
}
button:disabled { opacity: 0.5; cursor: default; }
@media (max-width: 480px) {
  .root { bottom: 12px; right: 12px; }
  .root[data-position="left"] { left: 12px; }
  .panel, .root[data-position="left"] .panel {
    position: fixed; inset: 0; width: 100%; height: 100%; border-radius: 0;
  }
  .root.open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
`;
