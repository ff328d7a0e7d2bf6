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

/** The java.util.List methods the prelude adds to lists host methods return (a test checks them). */
export const javaListMethodNames: readonly string[] = [
  'size', 'get', 'isEmpty', 'contains', 'add', 'addAll', 'set', 'remove', 'clear', 'toArray',
  'subList', 'toString',
]; // prettier-ignore
/** The java.lang.String methods the prelude adds to every string (a test checks them). */
export const javaStringMethodNames: readonly string[] = [
  'equals', 'equalsIgnoreCase', 'isEmpty', 'contains', 'matches', 'getBytes',
]; // prettier-ignore

export const preludeSource = `(() => {
  'use strict';
  const hostCall = globalThis.${hostCallGlobal};
  delete globalThis.${hostCallGlobal};
  const ids = new WeakMap();
  const refKey = ${JSON.stringify(hostRefKey)};
  const hidden = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  // Legado hands scripts java.util.List objects (Rhino lets them be indexed and have a length):
  // every array the host hands a script gets List's methods on top of the JS array's.
  const listProto = Object.create(Array.prototype);
  const checkIndex = (list, index) => {
    if (!(index >= 0 && index < list.length)) {
      throw new RangeError('Index ' + index + ' out of bounds for length ' + list.length);
    }
    return index;
  };
  const slice = Array.prototype.slice;
  const listMethods = {
    size() { return this.length; },
    get(index) { return this[checkIndex(this, index)]; },
    isEmpty() { return this.length === 0; },
    contains(item) { return this.indexOf(item) >= 0; },
    // add(item) appends; add(index, item) inserts (Java's overload by arity).
    add(...args) {
      if (args.length > 1) {
        if (!(args[0] >= 0 && args[0] <= this.length)) checkIndex(this, args[0]);
        this.splice(args[0], 0, args[1]);
        return undefined;
      }
      this.push(args[0]);
      return true;
    },
    addAll(items) { for (const item of items) this.push(item); return items.length > 0; },
    set(index, item) { const old = this[checkIndex(this, index)]; this[index] = item; return old; },
    // remove(index) for a number (Java's remove(int)), remove(object) otherwise.
    remove(item) {
      if (typeof item === 'number') return this.splice(checkIndex(this, item), 1)[0];
      const at = this.indexOf(item);
      if (at >= 0) this.splice(at, 1);
      return at >= 0;
    },
    clear() { this.length = 0; },
    toArray() { return slice.call(this); },
    // A copy, not a view: clearing it leaves the list as it was.
    subList(from, to) { return asList(slice.call(this, from, to)); },
    toString() { return '[' + this.join(', ') + ']'; },
  };
  for (const [name, method] of Object.entries(listMethods)) hidden(listProto, name, method);
  function asList(array) { return Object.setPrototypeOf(array, listProto); }
  const asReturned = (value) => (Array.isArray(value) ? asList(value) : value);

  // JSoup's Elements is an ArrayList<Element>: index it, iterate it (for…of, and for…in over its
  // indices as Rhino does for Java lists), read its length.
  const isIndex = (key) => typeof key === 'string' && /^(?:0|[1-9][0-9]*)$/.test(key);
  function asElements(object) {
    hidden(object, Symbol.iterator, function* () {
      const size = object.size();
      for (let i = 0; i < size; i++) yield object.get(i);
    });
    return new Proxy(object, {
      get(target, key, receiver) {
        if (isIndex(key)) return Number(key) < target.size() ? target.get(Number(key)) : undefined;
        return Reflect.get(target, key, receiver);
      },
      ownKeys(target) {
        const keys = [];
        for (let i = 0, size = target.size(); i < size; i++) keys.push(String(i));
        return keys;
      },
      getOwnPropertyDescriptor(target, key) {
        if (!isIndex(key)) return Reflect.getOwnPropertyDescriptor(target, key);
        if (Number(key) >= target.size()) return undefined;
        return { value: target.get(Number(key)), writable: false, enumerable: true, configurable: true };
      },
    });
  }

  function wrap(id, label, names) {
    const object = {};
    for (const name of names.split(${JSON.stringify(nameSeparator)})) {
      if (name !== '') object[name] = function (...args) { return asReturned(hostCall(id, name, ...args)); };
    }
    if (!Object.prototype.hasOwnProperty.call(object, 'toString')) {
      hidden(object, 'toString', () => label);
    }
    const value = label === 'Elements' ? asElements(object) : object;
    ids.set(value, id);
    return value;
  }

  // A run's bindings, set in one call that first sweeps the run before (see sweep below; \`swept\`
  // is null when nothing ran since the last sweep). \`kinds\`
  // has a letter per name: V, a value to set; L, a lazy binding the host converts only when the
  // script reads it (its value here is the host id to ask). Reading or assigning a lazy binding
  // once makes it a plain global for the rest of the run. Each name's accessor is made once and
  // kept: the id it asks for is looked up per run.
  const lazyIds = new Map();
  const lazyAccessors = new Map();
  function lazyAccessor(name) {
    let accessor = lazyAccessors.get(name);
    if (accessor === undefined) {
      const settle = (value) =>
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
      accessor = {
        configurable: true,
        enumerable: true,
        get() { const value = asReturned(hostCall(lazyIds.get(name), 'value')); settle(value); return value; },
        set(value) { settle(value); },
      };
      lazyAccessors.set(name, accessor);
    }
    return accessor;
  }
  function begin(swept, names, kinds, ...values) {
    if (swept !== null) sweep(swept);
    if (names === '') return;
    names.split(${JSON.stringify(nameSeparator)}).forEach((name, i) => {
      if (kinds[i] === 'L') {
        lazyIds.set(name, values[i]);
        try {
          Object.defineProperty(globalThis, name, lazyAccessor(name));
        } catch {
          // A \`var\` of that name from an earlier run cannot be redefined: convert it now.
          globalThis[name] = asReturned(hostCall(values[i], 'value'));
        }
      } else {
        globalThis[name] = values[i];
      }
    });
  }

  // The global object a run starts from is what the prelude and the source's jsLib made of it,
  // so no run sees another's state (the next run's \`begin\` sweeps first). Built-in globals are
  // made read-only when the prelude ends; a run's bindings are deleted by name; the jsLib's
  // globals (and a run's \`var\` globals, which cannot be deleted: kept as undefined) get their
  // values back; any other global a run added is deleted.
  // Walking every global costs more than a small script, so it happens only when one was added.
  const globalNames = Object.getOwnPropertyNames;
  let builtIns;
  const kept = new Map();
  let count = 0;
  function seal() {
    const names = globalNames(globalThis);
    if (builtIns === undefined) {
      builtIns = new Set(names);
      for (const name of names) {
        const d = Object.getOwnPropertyDescriptor(globalThis, name);
        if ('value' in d && d.writable) Object.defineProperty(globalThis, name, { writable: false });
      }
    } else {
      for (const name of names) if (!builtIns.has(name)) kept.set(name, globalThis[name]);
    }
    count = names.length;
  }
  function sweep(bound) {
    for (const name of bound.split(${JSON.stringify(nameSeparator)})) {
      try { delete globalThis[name]; } catch {}
    }
    for (const [name, value] of kept) {
      if (globalThis[name] !== value) try { globalThis[name] = value; } catch {}
    }
    const names = globalNames(globalThis);
    if (names.length === count) return;
    for (const name of names) {
      if (builtIns.has(name) || kept.has(name)) continue;
      if (Object.getOwnPropertyDescriptor(globalThis, name).configurable) {
        delete globalThis[name];
      } else {
        globalThis[name] = undefined;
        kept.set(name, undefined);
        count++;
      }
    }
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
  // Arrays the host hands in (bindings such as result, host return values) are lists too.
  return { wrap, out, begin, seal, sweep, parse: (json) => asReturned(JSON.parse(json)) };
})()`;
