import { timingSafeEqual } from "node:crypto";
import { fault } from "../kernel/index.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** AES-256: the only wrapping key size plinth uses. */
export const ROOT_KEY_BYTES = 32;

/**
 * The key that wraps every data key of the embedded deployment. Its bytes are private: they
 * cannot be printed, serialised or read except through `use`, which keyrings call when they are
 * built. `destroy()` zeroes the bytes; any later `use` fails rather than hand out zeros.
 */
export class RootKey {
  readonly #bytes: Uint8Array;
  #destroyed = false;

  /** Copies `bytes` into an isolated buffer (the Encryption SDK refuses views into shared ones). */
  constructor(bytes: Uint8Array) {
    if (bytes.byteLength !== ROOT_KEY_BYTES) {
      throw fault("internal", `a root key is ${ROOT_KEY_BYTES} bytes, not ${bytes.byteLength}`);
    }
    this.#bytes = new Uint8Array(ROOT_KEY_BYTES);
    this.#bytes.set(bytes);
  }

  /** Runs `fn` with the key bytes. The callee must copy what it keeps; the bytes may be zeroed later. */
  use<T>(fn: (bytes: Uint8Array) => T): T {
    if (this.#destroyed) throw fault("internal", "the root key has been destroyed");
    return fn(this.#bytes);
  }

  /** Constant-time comparison, so tests and rotation checks never branch on key bytes. */
  equals(other: RootKey): boolean {
    return other.use((theirs) => this.use((ours) => timingSafeEqual(ours, theirs)));
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    this.#bytes.fill(0);
    this.#destroyed = true;
  }

  toString(): string {
    return "[RootKey]";
  }

  toJSON(): string {
    return "[RootKey]";
  }

  [inspectSymbol](): string {
    return "[RootKey]";
  }
}
