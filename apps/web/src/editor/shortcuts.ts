export const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const SHOWN: Record<string, string> = MAC ? { Mod: '⌘', Alt: '⌥', Shift: '⇧' } : { Mod: 'Ctrl', Alt: 'Alt', Shift: 'Shift' };
const ARIA: Record<string, string> = { Mod: MAC ? 'Meta' : 'Control', Alt: 'Alt', Shift: 'Shift' };

/**
 * A shortcut as shown in a tooltip (Ctrl+Alt+1, ⌘⌥1) and as `aria-keyshortcuts` wants it.
 * Keys: 'Mod' (Ctrl, or ⌘ on a Mac), 'Alt', 'Shift' or the key itself.
 */
export function shortcut(...keys: string[]): { shown: string; aria: string } {
  return {
    shown: keys.map((k) => SHOWN[k] ?? k).join(MAC ? '' : '+'),
    aria: keys.map((k) => ARIA[k] ?? k).join('+'),
  };
}
