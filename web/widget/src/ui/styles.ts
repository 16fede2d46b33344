import type { Palette } from './colors';

/**
 * Everything lives in the shadow root: the host page's CSS cannot reach in, ours cannot leak out. `:host` resets
 * what would otherwise inherit from the page (fonts, colours, line height).
 */
export const css = (p: Palette) => `
:host { all: initial !important; }
.root {
  --brand: ${p.brand}; --on-brand: ${p.onBrand}; --brand-text: ${p.brandText};
  --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --soft: #f1f3f5; --line: #d0d7de;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: var(--fg); -webkit-font-smoothing: antialiased;
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible, textarea:focus-visible, .log:focus-visible {
  outline: 3px solid var(--brand-text); outline-offset: 2px;
}
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%;
  border: none; background: var(--brand); color: var(--on-brand); display: grid; place-items: center;
  box-shadow: 0 6px 20px rgba(0,0,0,.22);
}
.launcher svg { width: 26px; height: 26px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px;
  background: #c62828; color: #fff; font-size: 12px; font-weight: 700; line-height: 22px; text-align: center;
  box-shadow: 0 0 0 2px #fff;
}
.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: 380px; height: 600px;
  max-height: calc(100vh - 108px); display: flex; flex-direction: column; background: var(--bg);
  border-radius: 14px; overflow: hidden; box-shadow: 0 12px 40px rgba(0,0,0,.25); border: 1px solid var(--line);
}
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; gap: 8px; padding: 14px 12px 14px 16px; background: var(--brand); color: var(--on-brand); }
.header h2 { margin: 0; font-size: 17px; font-weight: 650; }
.header p { margin: 2px 0 0; font-size: 13px; opacity: .92; }
.header > div { flex: 1; min-width: 0; }
.icon-button { border: none; background: transparent; color: inherit; width: 36px; height: 36px; border-radius: 8px; display: grid; place-items: center; }
.icon-button:hover { background: rgba(127,127,127,.2); }
.icon-button svg { width: 20px; height: 20px; }
.log { flex: 1; overflow-y: auto; padding: 16px 14px 8px; display: flex; flex-direction: column; gap: 10px; background: var(--bg); }
.msg { display: flex; flex-direction: column; max-width: 85%; align-self: flex-start; }
.msg.mine { align-self: flex-end; align-items: flex-end; }
.author { font-size: 12px; color: var(--muted); margin: 0 0 3px 4px; }
.bubble { padding: 9px 12px; border-radius: 14px; background: var(--soft); white-space: pre-wrap; overflow-wrap: anywhere; }
.mine .bubble { background: var(--brand); color: var(--on-brand); border-bottom-right-radius: 4px; }
.theirs .bubble { border-bottom-left-radius: 4px; }
.msg.pending .bubble { opacity: .7; }
.failed { font-size: 12px; color: #b42318; margin-top: 3px; }
.failed button { border: none; background: none; color: var(--brand-text); text-decoration: underline; padding: 0 0 0 4px; }
.re { margin: 0 0 3px 4px; padding-left: 8px; border-left: 3px solid var(--line); font-size: 13px; color: var(--muted); }
.sources { margin: 6px 0 0 4px; font-size: 13px; color: var(--muted); }
.sources ul { margin: 2px 0 0; padding-left: 18px; }
.sources a { color: var(--brand-text); }
.note {
  align-self: center; max-width: 92%; text-align: center; font-size: 13px; color: var(--muted);
  background: #f6f8fa; border: 1px solid #eaeef2; border-radius: 10px; padding: 8px 12px;
}
.status { padding: 0 14px; font-size: 13px; color: var(--muted); min-height: 0; }
.status:not(:empty) { padding: 6px 14px; }
.queue { margin: 0 12px 8px; padding: 10px 12px; border-radius: 10px; background: #fff8e1; border: 1px solid #f3d27a; color: #4d3800; font-size: 14px; }
.queue strong { display: block; }
.typing { display: inline-flex; align-items: center; gap: 6px; }
.dots { display: inline-flex; gap: 3px; }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite; }
.dots i:nth-child(2) { animation-delay: .2s; } .dots i:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; opacity: .6; } }
.actions { display: flex; flex-wrap: wrap; gap: 8px; padding: 4px 12px 8px; }
.chip { border: 1px solid var(--line); background: #fff; color: var(--fg); border-radius: 999px; padding: 6px 12px; font-size: 13px; }
.chip:hover { border-color: var(--brand-text); color: var(--brand-text); }
.chip:disabled { opacity: .6; cursor: default; }
.rating { padding: 4px 12px 10px; text-align: center; }
.rating p { margin: 4px 0; font-size: 14px; }
.stars { display: inline-flex; gap: 4px; }
.stars button { border: 1px solid var(--line); background: #fff; border-radius: 8px; width: 40px; height: 40px; font-size: 20px; color: #9a6700; }
.stars button:hover { background: #fff8e1; }
.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--line); background: #fff; }
.composer textarea {
  flex: 1; resize: none; border: 1px solid var(--line); border-radius: 10px; padding: 9px 11px; font: inherit; color: var(--fg);
  max-height: 120px; min-height: 40px; background: #fff;
}
.send { width: 40px; height: 40px; border: none; border-radius: 10px; background: var(--brand); color: var(--on-brand); display: grid; place-items: center; }
.send svg { width: 18px; height: 18px; }
.banner { margin: 12px; padding: 12px 14px; border-radius: 10px; background: #fdecea; border: 1px solid #f5c2c0; color: #7a1712; }
.offline { padding: 6px 14px; font-size: 12px; background: #f6f8fa; color: var(--muted); border-bottom: 1px solid var(--line); }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; border: none; }
  .root.open .launcher { display: none; }
  .composer textarea { font-size: 16px; }
}
`;
