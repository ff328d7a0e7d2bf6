/**
 * Maps what a script threw to a LinhaiError: the deadline → js-timeout, QuickJS's out-of-memory →
 * js-memory, a host error nobody caught → that host error itself (a guard refusal keeps its code),
 * anything else → js-error with the script's message, where it happened (line in the script as
 * its author wrote it, or in jsLib) and, for QuickJS's bare "not a function", what was called.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';

interface FailureFacts {
  timedOut: boolean;
  limitMs: number;
  /** Host errors thrown into the script during this run; the script's error says which by index. */
  hostErrors: readonly unknown[];
  /** The source text of each file name QuickJS reports in stacks ("script.js", "jsLib.js"). */
  files: Readonly<Record<string, ScriptFile>>;
}

/** A file QuickJS ran: its text, the label errors use ("script", "jsLib") and the wrapper's lines. */
export interface ScriptFile {
  code: string;
  label: string;
  /** The line of the wrapped text where the author's first line sits. */
  firstLine: number;
}

export function mapScriptError(
  context: QuickJSContext,
  errorHandle: QuickJSHandle,
  facts: FailureFacts,
): LinhaiError {
  if (facts.timedOut) {
    return new LinhaiError('js-timeout', `the script ran past its ${facts.limitMs} ms budget`, {
      details: { limitMs: facts.limitMs },
    });
  }
  let dumped: unknown;
  let hostIndex: unknown;
  let stack = '';
  try {
    if (context.typeof(errorHandle) === 'object') {
      const index = context.getProp(errorHandle, 'hostErrorIndex');
      hostIndex = context.typeof(index) === 'number' ? context.getNumber(index) : undefined;
      index.dispose();
      const stackHandle = context.getProp(errorHandle, 'stack');
      if (context.typeof(stackHandle) === 'string') stack = context.getString(stackHandle);
      stackHandle.dispose();
    }
    dumped = context.dump(errorHandle);
  } catch {
    dumped = 'out of memory'; // even reading the error failed: the heap is exhausted
  }
  const { name, message } = describe(dumped);
  if (message === 'out of memory') {
    return new LinhaiError('js-memory', 'the script ran out of its memory budget', {
      details: { name },
    });
  }
  const hostError = typeof hostIndex === 'number' ? facts.hostErrors[hostIndex] : undefined;
  if (hostError instanceof LinhaiError) return hostError;
  const place = locate(stack, facts.files);
  const callee = message === 'not a function' && place ? calleeAt(place) : undefined;
  const what = callee ? `${callee} is not a function` : message;
  const where = place ? ` (${place.file} line ${place.line}: ${excerpt(place.text)})` : '';
  // A thrown string or number ("throw 'plain'") has no name to show.
  const named = dumped !== null && typeof dumped === 'object' ? `${name}: ${what}` : what;
  return new LinhaiError('js-error', `${named}${where}`, {
    details: {
      name,
      ...(callee ? { callee } : {}),
      ...(place ? { file: place.file, line: place.line, column: place.column } : {}),
    },
    ...(hostError === undefined ? {} : { cause: hostError }),
  });
}

interface Place {
  file: string;
  line: number;
  column: number;
  text: string;
}

/** The innermost stack frame in a known file, e.g. "at f (script.js:4:20)" → line 3 of the script
 *  (the run wraps the script in a block that adds a first line). */
function locate(stack: string, files: FailureFacts['files']): Place | undefined {
  for (const m of stack.matchAll(/([\w.]+\.js):(\d+)(?::(\d+))?/g)) {
    const file = files[m[1] ?? ''];
    if (!file) continue;
    const line = Number(m[2]) - file.firstLine + 1;
    const text = file.code.split('\n')[line - 1] ?? '';
    return { file: file.label, line, column: Number(m[3] ?? 0), text };
  }
  return undefined;
}

/** What a failed call called: "a.size" in "var n = a.size();", "….size" after a call or index. */
function calleeAt(place: Place): string | undefined {
  const before = place.text.slice(0, Math.max(0, place.column - 1)).replace(/\s*\($/, '');
  const m = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*[A-Za-z_$][\w$]*)\s*$/.exec(before);
  if (!m?.[1]) return undefined;
  const chain = m[1].replace(/\s+/g, '');
  const after = before.slice(0, m.index).replace(/\s*\.\s*$/, '');
  return after.endsWith(')') || after.endsWith(']') ? `….${chain}` : chain;
}

function excerpt(text: string): string {
  const line = text.trim();
  return JSON.stringify(line.length > 100 ? `${line.slice(0, 100)}…` : line);
}

function describe(dumped: unknown): { name: string; message: string } {
  if (dumped !== null && typeof dumped === 'object') {
    const record = dumped as Record<string, unknown>;
    const message =
      typeof record['message'] === 'string' ? record['message'] : JSON.stringify(dumped);
    const name = typeof record['name'] === 'string' ? record['name'] : 'Error';
    return { name, message };
  }
  return { name: 'Error', message: String(dumped) };
}
