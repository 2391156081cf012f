/**
 * JSON framing for the test host's socket. Byte arrays travel as `{ "$bytes": base64 }` so the
 * renderer gets Uint8Array values exactly as it does through Electron's structured clone. Any
 * ArrayBuffer view counts (Node's Buffer included, other typed arrays keep their type by `$view`),
 * and only the bytes of the view travel, not the whole buffer behind a subarray.
 */

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type TypedArrayName = 'Int8Array' | 'Uint8ClampedArray' | 'Int16Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array' | 'Float32Array' | 'Float64Array' | 'BigInt64Array' | 'BigUint64Array' | 'DataView';
const VIEWS: Record<TypedArrayName, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
};

export function encodeWire(value: unknown): string {
  // The replacer must look at the holder's raw value: JSON.stringify calls toJSON first, and a
  // Buffer's toJSON turns it into { type: 'Buffer', data: [...] } before the replacer would see it.
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (ArrayBuffer.isView(raw)) {
      const bytes = { $bytes: bytesToBase64(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)) };
      const name = raw.constructor.name;
      return raw instanceof Uint8Array || !(name in VIEWS) ? bytes : { ...bytes, $view: name };
    }
    if (raw instanceof ArrayBuffer) return { $bytes: bytesToBase64(new Uint8Array(raw)) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const { $bytes: bytes, $view: view } = v as { $bytes?: unknown; $view?: unknown };
      if (keys.length === 1 && typeof bytes === 'string') return base64ToBytes(bytes);
      if (keys.length === 2 && typeof bytes === 'string' && typeof view === 'string' && view in VIEWS) {
        return new VIEWS[view as TypedArrayName](base64ToBytes(bytes).buffer as ArrayBuffer);
      }
    }
    return v;
  });
}

export type WireMessage =
  | { type: 'invoke'; id: number; channel: string; args: unknown[] }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'event'; channel: string; payload: unknown };
