/**
 * Text from book sources (titles, authors, chapter text, error messages naming a source's rule)
 * reaches the user's terminal. A title carrying `ESC ] 0 ; … BEL` retitles the window, `ESC [ 2 J`
 * clears the screen, and worse sequences exist, so every control character except newline and
 * tab is shown as a visible `\uXXXX` instead: C0, DEL, C1 (U+009B is a one-byte CSI) and the
 * bidirectional overrides that reorder what is shown. `\uXXXX` keeps JSON lines valid JSON.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
