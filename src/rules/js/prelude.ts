/**
 * JavaScript evaluated once in every sandbox context, before any script. It builds the in-sandbox
 * side of host objects and value transfer, and adds the few Java `String` methods Legado scripts
 * (written for Rhino) call on strings. The host call function is captured in a closure and removed
 * from the global object, so scripts can reach the host only through the wrappers.
 */

/** Name under which the host passes its call function in; deleted by the prelude. */
export const hostCallGlobal = '__linhaiHostCall';
/** Key that marks a host object reference inside the JSON the sandbox hands back. */
export const hostRefKey = '\u0000linhai-host';
/** Separator of member names passed to `wrap` (cannot occur in a sensible member name). */
export const nameSeparator = '\u0001';

export const preludeSource = `(() => {
  'use strict';
  const hostCall = globalThis.${hostCallGlobal};
  delete globalThis.${hostCallGlobal};
  const ids = new WeakMap();
  const refKey = ${JSON.stringify(hostRefKey)};
  const hidden = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  function wrap(id, label, names) {
    const object = {};
    for (const name of names.split(${JSON.stringify(nameSeparator)})) {
      if (name !== '') object[name] = function (...args) { return hostCall(id, name, ...args); };
    }
    if (!Object.prototype.hasOwnProperty.call(object, 'toString')) {
      hidden(object, 'toString', () => label);
    }
    ids.set(object, id);
    return object;
  }

  // Values leave the sandbox as JSON; host objects travel as {refKey: id} and are swapped back.
  function out(value) {
    return JSON.stringify(value, function (_key, item) {
      if (item !== null && typeof item === 'object') {
        const id = ids.get(item);
        if (id !== undefined) return { [refKey]: id };
      }
      return item;
    });
  }

  // Rhino hands scripts java.lang.String objects; these are the methods sources call on them.
  const S = String.prototype;
  hidden(S, 'equals', function (other) { return String(this) === String(other); });
  hidden(S, 'equalsIgnoreCase', function (other) {
    return String(this).toLowerCase() === String(other).toLowerCase();
  });
  hidden(S, 'isEmpty', function () { return this.length === 0; });
  hidden(S, 'contains', function (part) { return String(this).includes(String(part)); });
  hidden(S, 'matches', function (pattern) { return new RegExp('^(?:' + pattern + ')$').test(this); });
  hidden(S, 'getBytes', function () {
    const bytes = [];
    for (const b of unescape(encodeURIComponent(String(this)))) {
      const code = b.charCodeAt(0);
      bytes.push(code > 127 ? code - 256 : code);
    }
    return bytes;
  });
  return { wrap, out, parse: JSON.parse };
})()`;
