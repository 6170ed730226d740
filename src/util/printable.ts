/**
 * Text from outside (a file's path, a configuration's name, a field's value) as it may be printed
 * on a terminal or in a mail: control characters (newlines, ANSI escapes) and unpaired surrogates
 * escaped, long values cut. What a user wrote can then never forge a line of pagecheck's output.
 */

/** `s` with control characters written as `\n`, `\x1b`, ... and at most `max` characters (then `…`). */
export function printable(s: string, max = 200): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A JSON value in one short printable line, for "got ..." in messages. */
export function printableValue(v: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  if (Array.isArray(v) && text.length > max) text = `an array of ${v.length} entries`;
  else if (v && typeof v === 'object' && text.length > max) text = 'an object';
  return printable(text, max);
}
