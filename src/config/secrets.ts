import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { Sensitive } from "../kernel/index.js";
import type { ConfigProblem } from "./problems.js";

/** Secret files are small; anything bigger is almost certainly the wrong file. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where `file:` paths are relative to: the configuration file's directory. */
  readonly baseDir: string;
}

/**
 * Resolves `env:NAME` and `file:PATH` references (anything else is the secret itself), and
 * collects what cannot be resolved so that every missing secret is reported at once. Problems
 * name the field, the variable or the file: never a value.
 */
export class SecretResolver {
  readonly problems: ConfigProblem[] = [];
  readonly #sources: SecretSources;

  constructor(sources: SecretSources) {
    this.#sources = sources;
  }

  secret(value: string | undefined, path: string): Sensitive<string> | undefined {
    const text = this.plain(value, path);
    return text === undefined ? undefined : new Sensitive(text);
  }

  /** For values given the same ways but not secret in themselves (an AWS access key id). */
  plain(value: string | undefined, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (value.startsWith("env:")) return this.#fromEnv(value.slice(4), path);
    if (value.startsWith("file:")) return this.#fromFile(value.slice(5), path);
    return value;
  }

  #fromEnv(name: string, path: string): string | undefined {
    const value = this.#sources.env[name];
    if (value === undefined) return this.#fail(path, `environment variable ${name} is not set`);
    if (value === "") return this.#fail(path, `environment variable ${name} is empty`);
    return value;
  }

  #fromFile(file: string, path: string): string | undefined {
    const full = isAbsolute(file) ? file : resolve(this.#sources.baseDir, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      return this.#fail(path, `cannot read file ${full} (${code})`);
    }
    if (bytes.length > MAX_SECRET_FILE_BYTES) return this.#fail(path, `file ${full} is larger than 64 KiB`);
    // Editors add a final newline; a key never ends with one.
    const text = bytes.toString("utf8").replace(/\r?\n$/, "");
    if (text === "") return this.#fail(path, `file ${full} is empty`);
    return text;
  }

  #fail(path: string, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }
}
